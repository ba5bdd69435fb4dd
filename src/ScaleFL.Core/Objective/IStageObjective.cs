using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// The loss a stage minimises on one batch. Plain cross-entropy for the baselines; the
/// Curriculum Mentor's HSIC objective for ScaleFL.
/// </summary>
public interface IStageObjective
{
    /// <summary>Name used in results, for example <c>curriculum</c> or <c>cross-entropy</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The scalar loss of a batch at <paramref name="stage"/> (0-based): <paramref name="inputs"/>
    /// is the batch fed to block 0, <paramref name="labels"/> the int64 class labels,
    /// <paramref name="outputs"/> what the stage's output module produced.
    /// </summary>
    Tensor Loss(Tensor inputs, Tensor labels, StageOutputs outputs, int stage);
}
