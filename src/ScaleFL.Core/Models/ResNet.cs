using ScaleFL.Core.Data;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A CIFAR-style ResNet (conv3x3 stem, no max pool) split along its resolution stages: block 0 =
/// stem + layer1, block k = layer k+1 (PAPER.md, T = 4). Each stage's output module stands in
/// for the later stages with one 3x3 convolution each. The harmonizer co-adapts the last
/// BasicBlock's <c>conv2</c> and <c>bn2</c> of a block.
/// </summary>
public class ResNet : StagedModel
{
    /// <summary>Catalog name of ResNet-18.</summary>
    public const string ResNet18Name = "resnet18";

    /// <summary>Catalog name of ResNet-34.</summary>
    public const string ResNet34Name = "resnet34";

    /// <summary>The smallest image side: three stride-2 stages bring 8 pixels down to 1.</summary>
    public const int MinimumSide = 8;

    private static readonly int[] CifarWidths = [64, 128, 256, 512];
    private static readonly int[] CifarStrides = [1, 2, 2, 2];
    private readonly ResidualLayout layout;

    /// <summary>
    /// Builds a ResNet of the given layout with stand-ins of <paramref name="standIns"/> (default
    /// <see cref="StandInStyle.Default"/>), every hidden width scaled by <paramref name="width"/>
    /// (default <see cref="WidthScaling.Full"/>); weights come from TorchSharp's global generator.
    /// </summary>
    public ResNet(string name, ImageShape input, int classCount, ResidualLayout layout, StandInStyle? standIns = null, WidthScaling? width = null)
        : base(
            name,
            new ModelDescription(name, Checked(name, input), classCount) { Width = width ?? WidthScaling.Full },
            Blocks(input, layout.Scaled(width ?? WidthScaling.Full), width ?? WidthScaling.Full),
            Outputs(layout.Scaled(width ?? WidthScaling.Full), classCount, standIns))
    {
        this.layout = layout;
    }

    /// <summary>ResNet-18 ("resnet18"): BasicBlocks [2, 2, 2, 2], widths 64..512, the paper's projection head.</summary>
    public static ResNet ResNet18(ImageShape input, int classCount, StandInStyle? standIns = null, WidthScaling? width = null) =>
        new(ResNet18Name, input, classCount, new ResidualLayout(64, CifarWidths, CifarStrides, [2, 2, 2, 2], ProjectionWidths.Paper), standIns, width);

    /// <summary>ResNet-34 ("resnet34"): BasicBlocks [3, 4, 6, 3], widths 64..512, the paper's projection head.</summary>
    public static ResNet ResNet34(ImageShape input, int classCount, StandInStyle? standIns = null, WidthScaling? width = null) =>
        new(ResNet34Name, input, classCount, new ResidualLayout(64, CifarWidths, CifarStrides, [3, 4, 6, 3], ProjectionWidths.Paper), standIns, width);

    /// <summary>The last BasicBlock's <c>conv2.</c> and <c>bn2.</c> of block <paramref name="stage"/>.</summary>
    public override IReadOnlyList<string> TailPrefixes(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, StageCount);
        var last = $"{BlockPrefix(stage)}layer.{layout.Depths[stage] - 1}.";
        return [last + "conv2.", last + "bn2."];
    }

    private static ImageShape Checked(string name, ImageShape input)
    {
        if (input.Channels <= 0 || input.Height < MinimumSide || input.Width < MinimumSide)
        {
            throw new ArgumentException(
                $"Model '{name}' needs images of at least 1x{MinimumSide}x{MinimumSide}; got {input}.", nameof(input));
        }

        return input;
    }

    private static List<nn.Module<Tensor, Tensor>> Blocks(ImageShape input, ResidualLayout layout, WidthScaling width)
    {
        layout.Validate();
        return Enumerable.Range(0, layout.Widths.Count)
            .Select(stage => (nn.Module<Tensor, Tensor>)new ResidualStage(
                stage == 0 ? input.Channels : null,
                StageInput(layout, stage),
                layout.Widths[stage],
                layout.Strides[stage],
                layout.Depths[stage],
                width))
            .ToList();
    }

    private static List<OutputModule> Outputs(ResidualLayout layout, int classCount, StandInStyle? standIns)
    {
        var count = layout.Widths.Count;
        return Enumerable.Range(0, count)
            .Select(stage => (OutputModule)new ConvOutputModule(
                $"output{stage}",
                Enumerable.Range(stage + 1, count - stage - 1)
                    .Select(later => new ConvStandIn(StageInput(layout, later), layout.Widths[later], layout.Strides[later]))
                    .ToList(),
                layout.Widths[^1],
                classCount,
                layout.Projection,
                standIns))
            .ToList();
    }

    private static int StageInput(ResidualLayout layout, int stage) =>
        stage == 0 ? layout.StemWidth : layout.Widths[stage - 1];
}
