using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>Plain cross-entropy on the stage's logits: the objective of every baseline.</summary>
public sealed class CrossEntropyObjective : IStageObjective
{
    /// <inheritdoc />
    public string Name => "cross-entropy";

    /// <inheritdoc />
    public Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage) =>
        nn.functional.cross_entropy(outputs.Logits, labels);
}
