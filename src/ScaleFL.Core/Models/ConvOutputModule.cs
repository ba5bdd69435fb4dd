using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A CNN stage's output module (PAPER.md "Output module"): one stand-in convolution per
/// untrained later stage, then global average pooling, the classifier and the projection head.
/// Z is the feature map after the stand-ins, before pooling. The last stage has no stand-ins.
/// How each stand-in is built is its <see cref="StandInStyle"/> ([choice], README "Method choices").
/// </summary>
public sealed class ConvOutputModule : OutputModule
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> standins;
    private readonly Linear classifier;
    private readonly nn.Module<Tensor, Tensor> projection;

    /// <summary>
    /// Builds the module for a backbone whose final stage is <paramref name="featureWidth"/> wide;
    /// <paramref name="style"/> defaults to <see cref="StandInStyle.Default"/>.
    /// </summary>
    public ConvOutputModule(
        string name,
        IReadOnlyList<ConvStandIn> standIns,
        int featureWidth,
        int classCount,
        ProjectionWidths projectionWidths,
        StandInStyle? style = null) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if (standIns.Count > 0 && standIns[^1].OutChannels != featureWidth)
        {
            throw new ArgumentException(
                $"The last stand-in ends at width {standIns[^1].OutChannels}, the classifier expects {featureWidth}.");
        }

        // Padding 1 means a stride-2 stand-in never maps 1x1 below 1x1.
        Style = style ?? StandInStyle.Default;
        standins = nn.ModuleList(standIns
            .Select(s => (nn.Module<Tensor, Tensor>)new ConvStandInLayer(s, Style))
            .ToArray());
        StandInCount = standIns.Count;
        classifier = nn.Linear(featureWidth, classCount);
        projection = projectionWidths.CreateHead(featureWidth);
        RegisterComponents();
    }

    /// <summary>How many later stages this module stands in for (0 for the last stage).</summary>
    public int StandInCount { get; }

    /// <summary>How each stand-in is built.</summary>
    public StandInStyle Style { get; }

    public override StageOutputs forward(Tensor input)
    {
        // Each stand-in layer applies its own normalization and activation.
        var features = ApplyStandIns(input, standins, mapped => mapped.alias());
        using var pooled = nn.functional.adaptive_avg_pool2d(features, [1, 1]).flatten(1);
        return new StageOutputs(features, classifier.call(pooled), projection.call(pooled));
    }
}
