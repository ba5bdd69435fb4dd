using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>Estimates the training memory a client needs for one stage.</summary>
public interface IMemoryModel
{
    /// <summary>
    /// The footprint of training <paramref name="trainable"/> of <paramref name="model"/> with
    /// mini-batches of <paramref name="batchSize"/> and the given optimizer.
    /// </summary>
    MemoryFootprint Estimate(StagedModel model, TrainableSet trainable, int batchSize, OptimizerKind optimizer);
}
