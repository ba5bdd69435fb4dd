using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;

namespace ScaleFL.TestSupport;

/// <summary>
/// A memory model with fixed answers: <c>stageBytes[k]</c> for block-wise stage k and
/// <c>fullModelBytes</c> for the whole network. Counts its calls so caching can be checked.
/// </summary>
public sealed class FakeMemoryModel(IReadOnlyList<long> stageBytes, long fullModelBytes) : IMemoryModel
{
    public int Calls { get; private set; }

    public static MemoryFootprint Footprint(long bytes) => new(bytes, 0, 0, 0, 0);

    public MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer)
    {
        Calls++;
        var isFullModel = trainable.Stage > 0 && trainable.Prefixes.Contains(StagedModel.BlockPrefix(0));
        return Footprint(isFullModel ? fullModelBytes : stageBytes[trainable.Stage]);
    }
}
