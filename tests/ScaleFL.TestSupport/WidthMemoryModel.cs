using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;

namespace ScaleFL.TestSupport;

/// <summary>A memory model where training any model at width ratio r costs r x <paramref name="fullWidthBytes"/>.</summary>
public sealed class WidthMemoryModel(long fullWidthBytes) : IMemoryModel
{
    public MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer) =>
        FakeMemoryModel.Footprint((long)(fullWidthBytes * model.Description.Width.Ratio));
}
