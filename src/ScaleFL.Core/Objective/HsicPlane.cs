using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// A block's position in the information plane of the paper's Figure 3 for one batch.
/// </summary>
/// <param name="Stage">The stage (0-based) whose feature map Z was measured.</param>
/// <param name="InputInformation">nHSIC(X; Z): how much of the input the features keep.</param>
/// <param name="LabelInformation">nHSIC(Y; Z): how much the features say about the label.</param>
public sealed record HsicPlanePoint(int Stage, double InputInformation, double LabelInformation);

/// <summary>Measures <see cref="HsicPlanePoint"/>s without gradients.</summary>
public static class HsicPlane
{
    /// <summary>The point of a stage's outputs on a batch (inputs [m, ...], int64 labels [m]).</summary>
    public static HsicPlanePoint Measure(Tensor inputs, Tensor labels, StageOutputs outputs, int stage, KernelBandwidth bandwidth)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var oneHot = Hsic.OneHot(labels, (int)outputs.Logits.shape[1]);
        var input = Hsic.Normalized(inputs, outputs.Features, bandwidth).ToDouble();
        var label = Hsic.Normalized(oneHot, outputs.Features, bandwidth).ToDouble();
        return new HsicPlanePoint(stage, input, label);
    }

    /// <summary>
    /// Runs <paramref name="model"/> up to <paramref name="stage"/> in eval mode (BN statistics
    /// untouched; the previous train/eval flags are restored) and measures the point.
    /// </summary>
    public static HsicPlanePoint Measure(StagedModel model, int stage, Tensor inputs, Tensor labels, KernelBandwidth bandwidth)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var modes = TrainingModeSnapshot.Eval(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var outputs = model.ForwardStage(inputs, stage);
        return Measure(inputs, labels, outputs, stage, bandwidth);
    }
}
