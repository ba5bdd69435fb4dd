using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// The plain mean of the clients' arrays regardless of their data size: what the released code
/// does (PAPER.md). A client with no samples still counts.
/// </summary>
public sealed class UnweightedMean : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => "mean";

    /// <inheritdoc />
    public WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures) =>
        FedAvg.Aggregate(results.Select(result => (result.Weights, 1)).ToList());
}
