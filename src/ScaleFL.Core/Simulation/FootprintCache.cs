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
    private readonly bool elastic;
    private readonly OptimizerKind optimizer;
    private readonly Dictionary<SubModelFamily, SubModelLadder> ladders = [];

    /// <summary>Estimates with <paramref name="memoryModel"/> for the batch size and optimizer of <paramref name="training"/>.</summary>
    public FootprintCache(IMemoryModel memoryModel, TrainingOptions training)
    {
        this.memoryModel = memoryModel;
        batchSize = training.BatchSize;
        elastic = training.ElasticBatches;
        optimizer = OptimizerFor(training);
    }

    /// <summary>The optimizer local training uses: SGD with momentum when momentum is set.</summary>
    public static OptimizerKind OptimizerFor(TrainingOptions training) =>
        training.Momentum > 0 ? OptimizerKind.SgdMomentum : OptimizerKind.Sgd;

    /// <summary>The footprint of training <paramref name="trainable"/> of <paramref name="model"/> at the configured batch.</summary>
    public MemoryFootprint For(StagedModel model, TrainableSet trainable) => For(model, trainable, batchSize);

    /// <summary>
    /// The footprints of <paramref name="trainable"/> and of the whole network at each size a device
    /// may train with, largest first: the configured batch, and with elastic batches the smaller
    /// rungs of <see cref="MicroBatches.Ladder"/>.
    /// </summary>
    public IReadOnlyList<BatchFootprint> Ladder(StagedModel model, TrainableSet trainable)
    {
        var full = CoAdaptationPlan.FullModel(model);
        var sizes = elastic ? MicroBatches.Ladder(batchSize) : [batchSize];
        return [.. sizes.Select(size => new BatchFootprint(size, For(model, trainable, size), For(model, full, size)))];
    }

    /// <summary>
    /// The ladder admission plans by (<see cref="StageAdmission"/>): <see cref="Ladder(StagedModel, TrainableSet)"/>,
    /// or for a sub-model method (<paramref name="subModels"/> set) one rung, the smallest sub-model at the
    /// configured batch: such a method fits a small device with a smaller sub-model, not a smaller batch.
    /// </summary>
    public IReadOnlyList<BatchFootprint> AdmissionLadder(StagedModel model, TrainableSet trainable, SubModelFamily? subModels) =>
        subModels is { } family ? [new BatchFootprint(batchSize, Ladder(model, family).Narrowest.Footprint, FullModel(model))] : Ladder(model, trainable);

    /// <summary>The key of a trainable set: what is trained, not the stage the schedule named.</summary>
    public static string KeyOf(TrainableSet trainable)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        return $"{trainable.Stage}:{trainable.FirstGradientBlock}:{string.Join("|", trainable.Prefixes)}";
    }

    private MemoryFootprint For(StagedModel model, TrainableSet trainable, int size)
    {
        // Keyed by what is trained, so a full-model plan estimates once whatever the schedule says.
        var key = $"{KeyOf(trainable)}@{size}";
        if (!footprints.TryGetValue(key, out var footprint))
        {
            footprint = memoryModel.Estimate(model, trainable, size, optimizer);
            footprints[key] = footprint;
        }

        return footprint;
    }

    /// <summary>The sub-models of <paramref name="family"/> of <paramref name="model"/> with their footprints, probed on first use.</summary>
    public SubModelLadder Ladder(StagedModel model, SubModelFamily family)
    {
        if (!ladders.TryGetValue(family, out var ladder))
        {
            ladder = SubModelLadder.Probe(family, model, memoryModel, batchSize, optimizer);
            ladders[family] = ladder;
        }

        return ladder;
    }

    /// <summary>The footprint of training the whole network.</summary>
    public MemoryFootprint FullModel(StagedModel model) => For(model, CoAdaptationPlan.FullModel(model));
}
