using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.SubModels;

/// <summary>
/// DepthFL's sub-model of depth d (Kim et al., ICLR 2023, section 3.1): blocks 0..d-1 of the
/// full-width network with a classifier after each. The classifiers are the model's per-stage
/// output modules (the last stage's is the network's head): DepthFL's own classifiers after
/// shallow blocks are bottleneck convolutions followed by pooling and a linear layer, which is
/// what <see cref="ConvOutputModule"/>'s stand-ins, pooling and linear layer are too.
/// </summary>
public static class DepthSubModel
{
    /// <summary>
    /// The trainable set of depth <paramref name="depth"/> (1..T) of <paramref name="model"/>:
    /// every parameter of blocks 0..d-1 and of output modules 0..d-1, all with gradients
    /// (<see cref="TrainableSet.Exits"/> = 0..d-1, stage d-1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is not in 1..T.</exception>
    public static TrainableSet For(StagedModel model, int depth)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, model.StageCount);
        var prefixes = Enumerable.Range(0, depth)
            .SelectMany(stage => new[] { StagedModel.BlockPrefix(stage), StagedModel.OutputPrefix(stage) })
            .ToList();
        return new TrainableSet(depth - 1, prefixes, [], 0);
    }
}
