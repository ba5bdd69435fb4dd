using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>FedAvg weighted by each client's sample count, as the paper's text describes.</summary>
public sealed class SampleWeightedFedAvg : IAggregationStrategy
{
    /// <inheritdoc />
    public string Name => "fedavg";

    /// <inheritdoc />
    public WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures) =>
        FedAvg.Aggregate(results.Select(result => (result.Weights, result.SampleCount)).ToList());
}
