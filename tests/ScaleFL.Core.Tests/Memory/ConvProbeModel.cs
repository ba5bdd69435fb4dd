using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Memory;

/// <summary>
/// Three conv blocks shaped like a small ResNet: each block halves the resolution (except the
/// first) and doubles the width, so later blocks hold far smaller activation maps. Block k is
/// conv-bn-relu-conv-bn-relu; its tail (what the harmonizer co-adapts) is the second conv and bn.
/// </summary>
internal sealed class ConvProbeModel : StagedModel
{
    public static readonly int[] Widths = [8, 16, 32];

    public ConvProbeModel(string name = "tiny", int size = 16, int classCount = 4)
        : base(name, new ModelDescription(name, new ImageShape(3, size, size), classCount), Blocks(), Outputs(classCount))
    {
    }

    public override IReadOnlyList<string> TailPrefixes(int stage) => [$"blocks.{stage}.3.", $"blocks.{stage}.4."];

    private static List<nn.Module<Tensor, Tensor>> Blocks() =>
    [
        ConvBlock(3, Widths[0], stride: 1),
        ConvBlock(Widths[0], Widths[1], stride: 2),
        ConvBlock(Widths[1], Widths[2], stride: 2),
    ];

    private static List<OutputModule> Outputs(int classCount) =>
        [.. Enumerable.Range(0, Widths.Length).Select(stage => new TinyOutputModule(stage, Widths, classCount))];

    private static Sequential ConvBlock(int input, int output, int stride) => nn.Sequential(
        nn.Conv2d(input, output, 3, stride: stride, padding: 1, bias: false),
        nn.BatchNorm2d(output),
        nn.ReLU(),
        nn.Conv2d(output, output, 3, padding: 1, bias: false),
        nn.BatchNorm2d(output),
        nn.ReLU());
}

/// <summary>Stand-in strided convs for the later blocks, pooling, classifier and projection.</summary>
internal sealed class TinyOutputModule : OutputModule
{
    private readonly Sequential standIns;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear classifier;
    private readonly Linear projection;

    public TinyOutputModule(int stage, IReadOnlyList<int> widths, int classCount) : base($"tiny_output_{stage}")
    {
        standIns = nn.Sequential();
        for (var later = stage + 1; later < widths.Count; later++)
        {
            standIns.append(nn.Conv2d(widths[later - 1], widths[later], 3, stride: 2, padding: 1));
        }

        pool = nn.AdaptiveAvgPool2d(1);
        classifier = nn.Linear(widths[widths.Count - 1], classCount);
        projection = nn.Linear(widths[widths.Count - 1], 16);
        RegisterComponents();
    }

    public override StageOutputs forward(Tensor input)
    {
        using var scope = NewDisposeScope();

        // The caller disposes its input, so Z must be a tensor of our own even without stand-ins.
        var features = standIns.Count == 0 ? input.alias() : standIns.call(input);
        var pooled = pool.call(features).flatten(1);
        var result = new StageOutputs(features, classifier.call(pooled), projection.call(pooled));
        result.Features.MoveToOuterDisposeScope();
        result.Logits.MoveToOuterDisposeScope();
        result.Projection.MoveToOuterDisposeScope();
        return result;
    }
}
