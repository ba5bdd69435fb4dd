using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Aggregation of one round's results in a fixed order: results and failures are sorted by client
/// id first, so the order in which updates arrived never changes the floating-point sum.
/// </summary>
public static class RoundAggregation
{
    /// <summary>
    /// The new global weights: <paramref name="global"/> with the aggregated arrays merged in, or
    /// unchanged when the strategy returns no update or a non-finite one (the global model never
    /// holds NaN, whatever the strategy does).
    /// </summary>
    public static WeightSet Apply(
        IAggregationStrategy strategy, int round, WeightSet global, IEnumerable<ClientResult> results, IEnumerable<ClientFailure> failures)
    {
        var aggregated = strategy.Aggregate(
            round,
            global,
            results.OrderBy(result => result.ClientId).ToList(),
            failures.OrderBy(failure => failure.ClientId).ToList());
        // Merging the co-adapted tail too is the Harmonizer's forward flow: later stages build on it.
        return aggregated is null || !aggregated.IsFinite ? global : global.With(aggregated);
    }

    /// <summary>Sample-weighted mean training loss, or null without samples.</summary>
    public static double? MeanLoss(IReadOnlyCollection<ClientResult> results)
    {
        var samples = results.Sum(result => (double)result.SampleCount);
        return samples > 0 ? results.OrderBy(result => result.ClientId).Sum(result => result.Loss * result.SampleCount) / samples : null;
    }
}
