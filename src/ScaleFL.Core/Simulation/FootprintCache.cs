using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Training;

namespace ScaleFL.Core.Simulation;

/// <summary>
/// Training footprints of a run, estimated once per distinct trainable set: a memory model may
/// probe the network, which is far too slow to repeat every round. Not thread-safe.
/// </summary>
public sealed class FootprintCache
{
    private readonly Dictionary<string, MemoryFootprint> footprints = new(StringComparer.Ordinal);
    private readonly IMemoryModel memoryModel;
    private readonly int batchSize;
    private readonly OptimizerKind optimizer;
    private WidthLadder? ladder;

    /// <summary>Estimates with <paramref name="memoryModel"/> for the batch size and optimizer of <paramref name="training"/>.</summary>
    public FootprintCache(IMemoryModel memoryModel, TrainingOptions training)
    {
        this.memoryModel = memoryModel;
        batchSize = training.BatchSize;
        optimizer = OptimizerFor(training);
    }

    /// <summary>The optimizer local training uses: SGD with momentum when momentum is set.</summary>
    public static OptimizerKind OptimizerFor(TrainingOptions training) =>
        training.Momentum > 0 ? OptimizerKind.SgdMomentum : OptimizerKind.Sgd;

    /// <summary>The footprint of training <paramref name="trainable"/> of <paramref name="model"/>.</summary>
    public MemoryFootprint For(StagedModel model, TrainableSet trainable)
    {
        // Keyed by what is trained, so a full-model plan estimates once whatever the schedule says.
        var key = $"{trainable.Stage}:{trainable.FirstGradientBlock}:{string.Join("|", trainable.Prefixes)}";
        if (!footprints.TryGetValue(key, out var footprint))
        {
            footprint = memoryModel.Estimate(model, trainable, batchSize, optimizer);
            footprints[key] = footprint;
        }

        return footprint;
    }

    /// <summary>The sub-model widths of <paramref name="model"/> with their footprints, probed on first use.</summary>
    public WidthLadder Ladder(StagedModel model) => ladder ??= WidthLadder.Probe(model.Description, memoryModel, batchSize, optimizer);

    /// <summary>The footprint of training the whole network.</summary>
    public MemoryFootprint FullModel(StagedModel model) => For(model, CoAdaptationPlan.FullModel(model));
}
