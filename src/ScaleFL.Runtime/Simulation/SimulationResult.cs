using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Simulation;

/// <summary>The outcome of an actor simulation.</summary>
/// <param name="Rounds">Every round's event, in order.</param>
/// <param name="FinalWeights">The global model after the last round.</param>
/// <param name="FinalEvaluation">The full network on the whole test set.</param>
/// <param name="LateDiscarded">Updates that arrived after their round closed.</param>
public sealed record SimulationResult(IReadOnlyList<RoundCompleted> Rounds, WeightSet FinalWeights, EvaluationResult FinalEvaluation, int LateDiscarded)
{
    /// <summary>Faults the run's fault plan injected; empty without one.</summary>
    public FaultReport Faults { get; init; } = FaultReport.Empty;

    /// <summary>The in-process driver's result shape, for reports shared by both runners.</summary>
    public RunResult ToRunResult() => new(Rounds.Select(round => round.Metrics).ToList(), FinalWeights, FinalEvaluation) { Faults = Faults };
}
