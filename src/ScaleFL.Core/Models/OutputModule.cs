using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// The per-stage head of PAPER.md: light stand-ins for every untrained later stage, pooling,
/// the classifier, and the projection head. Each stage owns one; they are never shared.
/// </summary>
public abstract class OutputModule : nn.Module<Tensor, StageOutputs>
{
    /// <summary>Creates the module; subclasses call <c>RegisterComponents()</c>.</summary>
    protected OutputModule(string name) : base(name)
    {
    }
}
