using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// The per-stage head of PAPER.md: light stand-ins for every untrained later stage, pooling,
/// the classifier, and the projection head. Each stage owns one; they are never shared.
/// </summary>
public abstract class OutputModule : nn.Module<Tensor, StageOutputs>
{
    /// <summary>
    /// The field name of the projection head in every output module, so its parameters are
    /// <c>outputs.{k}.projection.*</c>. Only the curriculum objective's label term gives them a
    /// gradient; under cross-entropy alone they get none.
    /// </summary>
    public const string ProjectionName = "projection";

    /// <summary>Creates the module; subclasses call <c>RegisterComponents()</c>.</summary>
    protected OutputModule(string name) : base(name)
    {
    }

    /// <summary>
    /// Runs <paramref name="input"/> through the stand-ins, each followed by
    /// <paramref name="activation"/>, and returns Z. The caller disposes its input, so Z always
    /// owns a handle of its own (an alias when there are no stand-ins); intermediates are freed.
    /// </summary>
    protected static Tensor ApplyStandIns(
        Tensor input, IEnumerable<nn.Module<Tensor, Tensor>> standIns, Func<Tensor, Tensor> activation)
    {
        var features = input.alias();
        foreach (var standIn in standIns)
        {
            using var mapped = standIn.call(features);
            features.Dispose();
            features = activation(mapped);
        }

        return features;
    }
}
