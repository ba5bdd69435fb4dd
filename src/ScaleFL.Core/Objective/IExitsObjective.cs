using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// A loss over several classifiers of one network at once (DepthFL's auxiliary classifiers),
/// used when a trainable set has more than one exit (<see cref="Harmonizer.TrainableSet.Exits"/>).
/// </summary>
public interface IExitsObjective
{
    /// <summary>
    /// The scalar loss of a batch: <paramref name="exitLogits"/> holds each exit's class scores
    /// [B, classes], shallowest first; <paramref name="labels"/> the int64 class labels [B].
    /// </summary>
    Tensor Loss(IReadOnlyList<Tensor> exitLogits, Tensor labels);
}
