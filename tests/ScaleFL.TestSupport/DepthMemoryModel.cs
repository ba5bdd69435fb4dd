using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;

namespace ScaleFL.TestSupport;

/// <summary>A memory model where training blocks 0..k costs (k + 1) x <paramref name="bytesPerBlock"/>: DepthFL's depth d costs d blocks.</summary>
public sealed class DepthMemoryModel(long bytesPerBlock) : IMemoryModel
{
    public MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer) =>
        FakeMemoryModel.Footprint((trainable.Stage + 1) * bytesPerBlock);
}
