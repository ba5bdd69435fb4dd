using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// Federated averaging as a pure function: the sample-weighted mean of each named array,
/// accumulated in double precision (Flower's <c>aggregate</c>).
/// </summary>
public static class FedAvg
{
    /// <summary>
    /// The weighted mean of <paramref name="results"/>, or null when there is nothing to average
    /// (no results, or a total weight of zero). Every result must carry the same names and shapes
    /// in the same order; otherwise an <see cref="ArgumentException"/> names the first array that differs.
    /// </summary>
    public static WeightSet? Aggregate(IReadOnlyList<(WeightSet Weights, int SampleCount)> results)
    {
        if (results.Count == 0)
        {
            return null;
        }

        foreach (var (_, sampleCount) in results)
        {
            if (sampleCount < 0)
            {
                throw new ArgumentException($"A result has a negative sample count ({sampleCount}).", nameof(results));
            }
        }

        var total = results.Sum(result => (long)result.SampleCount);
        if (total == 0)
        {
            return null;
        }

        var layout = results[0].Weights;
        foreach (var (weights, _) in results)
        {
            RequireSameLayout(layout, weights);
        }

        return new WeightSet(layout.Select(array => Average(array, results, total)));
    }

    private static NamedArray Average(NamedArray layout, IReadOnlyList<(WeightSet Weights, int SampleCount)> results, long total)
    {
        var sum = new double[layout.Values.Length];
        foreach (var (weights, sampleCount) in results)
        {
            var share = (double)sampleCount / total;
            var values = weights[layout.Name].Values;
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += share * values[i];
            }
        }

        return new NamedArray(layout.Name, (long[])layout.Shape.Clone(), Array.ConvertAll(sum, value => (float)value));
    }

    internal static void RequireSameLayout(WeightSet expected, WeightSet actual)
    {
        var missing = expected.FirstOrDefault(array => !actual.TryGet(array.Name, out _))
            ?? actual.FirstOrDefault(array => !expected.Contains(array.Name));
        if (missing is not null)
        {
            throw new ArgumentException($"Array '{missing.Name}' is not in every result.", nameof(expected));
        }

        foreach (var array in expected)
        {
            if (!array.HasSameLayoutAs(actual[array.Name]))
            {
                throw new ArgumentException(
                    $"Array '{array.Name}' has shape [{string.Join(",", actual[array.Name].Shape)}] in one result and [{string.Join(",", array.Shape)}] in another.",
                    nameof(expected));
            }
        }
    }
}
