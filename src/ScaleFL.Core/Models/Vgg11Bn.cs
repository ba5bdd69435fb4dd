using ScaleFL.Core.Data;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// VGG-11 with BatchNorm ("vgg11-bn"), configuration [64,M,128,M,256,256,M,512,512,M,512,512,M],
/// split into T = 4 blocks along resolution. [choice] VGG has five resolutions and four blocks,
/// so, as ResNet's block 0 holds stem + layer1, block 0 holds the first two: [64, M, 128];
/// every later block starts with the pool that halves its input: [M, 256, 256], [M, 512, 512],
/// [M, 512, 512]. The final pool and VGG's three-layer classifier are replaced by the output
/// module's global average pooling and a single Linear, as suits 32x32 inputs. The harmonizer
/// co-adapts a block's last conv and its BN.
/// </summary>
public sealed class Vgg11Bn : StagedModel
{
    /// <summary>Catalog name.</summary>
    public const string ModelName = "vgg11-bn";

    /// <summary>The smallest image side: the four pools inside the blocks bring 16 pixels down to 1.</summary>
    public const int MinimumSide = 16;

    private static readonly int?[][] Plans =
    [
        [64, null, 128],
        [null, 256, 256],
        [null, 512, 512],
        [null, 512, 512],
    ];

    private static readonly int[] Widths = [128, 256, 512, 512];

    /// <summary>
    /// Builds the model (stand-ins default to <see cref="StandInStyle.Default"/>, width to
    /// <see cref="WidthScaling.Full"/>); weights come from TorchSharp's global generator.
    /// </summary>
    public Vgg11Bn(ImageShape input, int classCount, StandInStyle? standIns = null, WidthScaling? width = null)
        : base(
            ModelName,
            new ModelDescription(ModelName, Checked(input), classCount) { Width = width ?? WidthScaling.Full },
            Blocks(input, width ?? WidthScaling.Full),
            Outputs(classCount, standIns, width ?? WidthScaling.Full))
    {
    }

    /// <summary>The last conv's <c>conv.</c> and <c>bn.</c> prefixes in block <paramref name="stage"/>.</summary>
    public override IReadOnlyList<string> TailPrefixes(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, StageCount);
        var last = $"{BlockPrefix(stage)}convs.{Plans[stage].Count(entry => entry is not null) - 1}.";
        return [last + "conv.", last + "bn."];
    }

    private static ImageShape Checked(ImageShape input)
    {
        if (input.Channels <= 0 || input.Height < MinimumSide || input.Width < MinimumSide)
        {
            throw new ArgumentException(
                $"Model '{ModelName}' needs images of at least 1x{MinimumSide}x{MinimumSide}; got {input}.", nameof(input));
        }

        return input;
    }

    private static List<nn.Module<Tensor, Tensor>> Blocks(ImageShape input, WidthScaling width) =>
        Enumerable.Range(0, Plans.Length)
            .Select(stage => (nn.Module<Tensor, Tensor>)new VggStage(
                stage == 0 ? input.Channels : width.Scale(Widths[stage - 1]),
                Plans[stage].Select(entry => entry is { } channels ? width.Scale(channels) : (int?)null).ToArray(),
                width))
            .ToList();

    // Each later block halves the map with its leading pool, so its stand-in has stride 2.
    private static List<OutputModule> Outputs(int classCount, StandInStyle? standIns, WidthScaling width) =>
        Enumerable.Range(0, Plans.Length)
            .Select(stage => (OutputModule)new ConvOutputModule(
                $"output{stage}",
                Enumerable.Range(stage + 1, Plans.Length - stage - 1)
                    .Select(later => new ConvStandIn(width.Scale(Widths[later - 1]), width.Scale(Widths[later]), 2))
                    .ToList(),
                width.Scale(Widths[^1]),
                classCount,
                width.Ratio == 1 ? ProjectionWidths.Paper : ProjectionWidths.Paper.ScaledBy(width),
                standIns))
            .ToList();
}
