using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// Byzantine-robust aggregation that looks at each coordinate on its own: the coordinate-wise
/// median, or the trimmed mean that drops the <c>trim</c> fraction of largest and of smallest
/// values before averaging (Yin et al., 2018). Unweighted: a device's sample count cannot buy it
/// more influence. Results must share names and shapes (as <see cref="FedAvg"/> requires).
/// </summary>
public sealed class CoordinateWiseAggregation : IAggregationStrategy
{
    private readonly double trim;

    private CoordinateWiseAggregation(string name, double trim)
    {
        Name = name;
        this.trim = trim;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The coordinate-wise median (<c>median</c>).</summary>
    public static CoordinateWiseAggregation Median() => new("median", 0.5);

    /// <summary>The trimmed mean (<c>trimmed-mean:β</c>) dropping ⌊β·n⌋ values at each end of every coordinate; β in [0, 0.5).</summary>
    public static CoordinateWiseAggregation TrimmedMean(double trim) =>
        trim is >= 0 and < 0.5
            ? new($"trimmed-mean:{trim.ToString(System.Globalization.CultureInfo.InvariantCulture)}", trim)
            : throw new ArgumentOutOfRangeException(nameof(trim), trim, "The trimmed fraction must be at least 0 and below 0.5.");

    /// <inheritdoc />
    public WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures)
    {
        if (results.Count == 0)
        {
            return null;
        }

        var layout = results[0].Weights;
        foreach (var result in results)
        {
            FedAvg.RequireSameLayout(layout, result.Weights);
        }

        return new WeightSet(layout.Select(array => Combine(array, results)));
    }

    private NamedArray Combine(NamedArray layout, IReadOnlyList<ClientResult> results)
    {
        var arrays = results.Select(result => result.Weights[layout.Name].Values).ToArray();
        var column = new float[arrays.Length];
        var combined = new float[layout.Values.Length];
        for (var i = 0; i < combined.Length; i++)
        {
            for (var k = 0; k < arrays.Length; k++)
            {
                column[k] = arrays[k][i];
            }

            combined[i] = Reduce(column);
        }

        return new NamedArray(layout.Name, (long[])layout.Shape.Clone(), combined);
    }

    private float Reduce(float[] column)
    {
        Array.Sort(column);
        var n = column.Length;
        if (trim >= 0.5)
        {
            return n % 2 == 1 ? column[n / 2] : (float)(((double)column[(n / 2) - 1] + column[n / 2]) / 2);
        }

        var cut = (int)Math.Floor(trim * n);
        var sum = 0.0;
        for (var k = cut; k < n - cut; k++)
        {
            sum += column[k];
        }

        return (float)(sum / (n - (2 * cut)));
    }
}
