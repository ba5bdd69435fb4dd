using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// HeteroFL's and FedRolex's aggregation of overlapping sub-models (Diao et al. 2021, eq. 2;
/// Alam et al. 2022): each element of each global array becomes the sample-weighted mean of the
/// values of the devices whose sub-model holds it; an element no device held keeps its global
/// value. Where a result's values sit in the global array follows from the two shapes and the
/// <see cref="WidthSlicing"/> of the round (<see cref="SubModelSlicer.Positions"/>). Accumulated
/// in double precision; with every result at full width it is <see cref="FedAvg"/>.
/// </summary>
public sealed class PerElementFedAvg(WidthSlicing slicing) : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => "per-element-fedavg";

    /// <summary>
    /// Without the global model only results of one layout can be combined (plain FedAvg); a
    /// round of sub-models of different widths throws an <see cref="ArgumentException"/>.
    /// </summary>
    public WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures) =>
        FedAvg.Aggregate(results.Select(result => (result.Weights, result.SampleCount)).ToList());

    /// <inheritdoc />
    public WeightSet? Aggregate(int round, WeightSet global, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures)
    {
        if (results.Sum(result => (long)result.SampleCount) == 0)
        {
            return null;
        }

        var touched = results.SelectMany(result => result.Weights.Names).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        return new WeightSet(global.Where(touched.Contains).Select(array => Combine(array, round, results)));
    }

    private NamedArray Combine(NamedArray whole, int round, IReadOnlyList<ClientResult> results)
    {
        var sum = new double[whole.Values.Length];
        var weight = new double[whole.Values.Length];
        foreach (var result in results)
        {
            if (!result.Weights.TryGet(whole.Name, out var part) || result.SampleCount <= 0)
            {
                continue;
            }

            var positions = SubModelSlicer.Positions(whole.Shape, part.Shape, slicing, round);
            for (var i = 0; i < positions.Length; i++)
            {
                sum[positions[i]] += (double)result.SampleCount * part.Values[i];
                weight[positions[i]] += result.SampleCount;
            }
        }

        var combined = new float[sum.Length];
        for (var e = 0; e < combined.Length; e++)
        {
            combined[e] = weight[e] > 0 ? (float)(sum[e] / weight[e]) : whole.Values[e];
        }

        return new NamedArray(whole.Name, (long[])whole.Shape.Clone(), combined);
    }
}
