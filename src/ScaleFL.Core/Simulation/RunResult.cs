using ScaleFL.Core.Faults;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Simulation;

/// <summary>The outcome of a simulated run.</summary>
/// <param name="Rounds">Metrics of every round run, in order.</param>
/// <param name="FinalWeights">The global model after the last round.</param>
/// <param name="FinalEvaluation">The full network (last stage) on the whole test set.</param>
public sealed record RunResult(IReadOnlyList<RoundMetrics> Rounds, WeightSet FinalWeights, EvaluationResult FinalEvaluation)
{
    /// <summary>Faults injected by a fault plan (actor simulations and servers with a plan); empty without one.</summary>
    public FaultReport Faults { get; init; } = FaultReport.Empty;
}
