using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>Shortcuts for the two footprints every table and client filter asks for.</summary>
public static class MemoryModelExtensions
{
    /// <summary>Training the whole network end to end (<see cref="CoAdaptationPlan.FullModel"/>).</summary>
    public static MemoryFootprint FullModelFootprint(this IMemoryModel memory, StagedModel model, int batchSize, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return memory.Estimate(model, CoAdaptationPlan.FullModel(model), batchSize, optimizer);
    }

    /// <summary>Block-wise stage <paramref name="stage"/> (0-based), with or without the harmonizer.</summary>
    public static MemoryFootprint StageFootprint(this IMemoryModel memory, StagedModel model, int stage, bool coAdapt, int batchSize, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return memory.Estimate(model, CoAdaptationPlan.ForStage(model, stage, coAdapt), batchSize, optimizer);
    }
}
