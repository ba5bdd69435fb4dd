using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Simulation;

/// <summary>What a round trains and who trains it.</summary>
/// <param name="Round">The round, 1-based.</param>
/// <param name="ScheduledStage">The stage the schedule chose (kept in the history).</param>
/// <param name="Trainable">What the method's plan trains at that stage.</param>
/// <param name="StageFootprint">Training memory of <paramref name="Trainable"/>.</param>
/// <param name="FullModelFootprint">Training memory of the whole network.</param>
/// <param name="Eligible">Clients the participation policy admits, in id order.</param>
/// <param name="Selected">The seeded sample of the eligible clients, in id order.</param>
public sealed record RoundPlan(
    int Round,
    int ScheduledStage,
    TrainableSet Trainable,
    MemoryFootprint StageFootprint,
    MemoryFootprint FullModelFootprint,
    IReadOnlyList<ClientProfile> Eligible,
    IReadOnlyList<ClientProfile> Selected)
{
    /// <summary>The sub-models of a sub-model method (<see cref="Methods.MethodDefinition.SubModels"/>); null otherwise.</summary>
    public SubModels.SubModelLadder? Ladder { get; init; }

    /// <summary>Samples per pass of each eligible client: the configured batch, or the micro-batch elastic batches admitted it at.</summary>
    public IReadOnlyDictionary<int, int> MicroBatchSizes { get; init; } = new Dictionary<int, int>();
}
