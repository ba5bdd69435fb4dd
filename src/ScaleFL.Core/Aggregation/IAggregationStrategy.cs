using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// Turns one round's client results into the new values of the trained arrays, Flower-style
/// (<c>aggregate_fit(server_round, results, failures)</c>). It never touches the network.
/// </summary>
public interface IAggregationStrategy
{
    /// <summary>Name used in configuration and results.</summary>
    string Name { get; }

    /// <summary>
    /// The aggregated arrays (to merge into the global model with <see cref="WeightSet.With"/>),
    /// or null for "no update this round".
    /// </summary>
    WeightSet? Aggregate(int round, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures);

    /// <summary>
    /// As <see cref="Aggregate(int, IReadOnlyList{ClientResult}, IReadOnlyList{ClientFailure})"/>,
    /// knowing the <paramref name="global"/> weights the round started from: a strategy combining
    /// sub-models of different shapes (<see cref="PerElementFedAvg"/>) needs them to place each
    /// value. By default the global weights are not needed.
    /// </summary>
    WeightSet? Aggregate(int round, WeightSet global, IReadOnlyList<ClientResult> results, IReadOnlyList<ClientFailure> failures) =>
        Aggregate(round, results, failures);
}
