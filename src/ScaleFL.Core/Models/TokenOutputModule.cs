using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A Vision Transformer stage's output module: one Linear(D, D) + GELU on the tokens per
/// untrained later group of encoder layers, then LayerNorm, mean pooling over tokens, the
/// classifier and the projection head. Z is the token tensor [B, N, D] after the stand-ins.
/// </summary>
public sealed class TokenOutputModule : OutputModule
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> standins;
    private readonly LayerNorm norm;
    private readonly Linear classifier;
    private readonly nn.Module<Tensor, Tensor> projection;

    // A module, not a function, so the memory probe sees the stand-in output it keeps for backward.
    private readonly GELU gelu = nn.GELU();

    /// <summary>Builds the module for tokens of width <paramref name="dimension"/>.</summary>
    public TokenOutputModule(
        string name,
        int standInCount,
        int dimension,
        int classCount,
        ProjectionWidths projectionWidths) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standInCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        standins = nn.ModuleList(Enumerable.Range(0, standInCount)
            .Select(_ => (nn.Module<Tensor, Tensor>)nn.Linear(dimension, dimension))
            .ToArray());
        StandInCount = standInCount;
        norm = nn.LayerNorm(dimension);
        classifier = nn.Linear(dimension, classCount);
        projection = projectionWidths.CreateHead(dimension);
        RegisterComponents();
    }

    /// <summary>How many later encoder groups this module stands in for (0 for the last stage).</summary>
    public int StandInCount { get; }

    public override StageOutputs forward(Tensor input)
    {
        var features = ApplyStandIns(input, standins, mapped => gelu.call(mapped));
        using var normed = norm.call(features);
        using var pooled = normed.mean([1]);
        return new StageOutputs(features, classifier.call(pooled), projection.call(pooled));
    }
}
