using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// The Curriculum Mentor's loss at stage k (PAPER.md):
/// L = CE(logits, y) - lambda1(k) nHSIC(Z, X) - lambda2(k) nHSIC(P, Y), with X the flattened
/// input batch, Z the output module's feature map before pooling, P its projection and Y the
/// one-hot labels.
/// </summary>
public sealed class CurriculumObjective : IStageObjective
{
    /// <summary>Creates the objective; <paramref name="bandwidth"/> defaults to <see cref="KernelBandwidth.Paper"/>.</summary>
    public CurriculumObjective(CurriculumSchedule schedule, KernelBandwidth? bandwidth = null)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Bandwidth = bandwidth ?? KernelBandwidth.Paper;
    }

    /// <inheritdoc />
    public string Name => "curriculum";

    /// <summary>The per-block weights.</summary>
    public CurriculumSchedule Schedule { get; }

    /// <summary>The kernel width rule of every nHSIC term.</summary>
    public KernelBandwidth Bandwidth { get; }

    /// <inheritdoc />
    public Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var inputWeight = Schedule.Lambda1At(stage);
        var labelWeight = Schedule.Lambda2At(stage);
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(outputs.Logits, labels);

        // A zero weight skips its kernels: the loss is then exactly CE and costs no m x m work.
        if (inputWeight > 0)
        {
            loss = loss - (inputWeight * Hsic.Normalized(outputs.Features, inputs, Bandwidth));
        }

        if (labelWeight > 0)
        {
            var oneHot = Hsic.OneHot(labels, (int)outputs.Logits.shape[1]).to_type(outputs.Projection.dtype);
            loss = loss - (labelWeight * Hsic.Normalized(outputs.Projection, oneHot, Bandwidth));
        }

        return loss.MoveToOuterDisposeScope();
    }
}
