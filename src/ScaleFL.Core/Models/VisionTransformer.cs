using ScaleFL.Core.Data;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A small Vision Transformer ("vit-tiny"): 4x4 patches embedded by a stride-4 convolution (a side
/// not divisible by 4 loses its remainder), a learned positional embedding, no CLS token (the
/// output modules mean-pool the tokens), and 8 pre-norm encoder layers of width 64 with 4 heads
/// and MLP ratio 4. [choice] (PAPER.md) T = 4 blocks of 2 layers; the patch embedding joins
/// block 0. The harmonizer co-adapts a block's last encoder layer's MLP: its <c>norm2</c>,
/// <c>fc1</c> and <c>fc2</c>.
/// </summary>
public sealed class VisionTransformer : StagedModel
{
    /// <summary>Catalog name.</summary>
    public const string ModelName = "vit-tiny";

    /// <summary>Side of a square patch.</summary>
    public const int PatchSize = 4;

    /// <summary>The smallest image side: at least two patches across.</summary>
    public const int MinimumSide = 2 * PatchSize;

    /// <summary>Token width D.</summary>
    public const int Dimension = 64;

    private const int Heads = 4;
    private const int MlpRatio = 4;
    private const int Stages = 4;
    private const int LayersPerStage = 2;

    /// <summary>Builds the model; weights come from TorchSharp's global generator.</summary>
    public VisionTransformer(ImageShape input, int classCount)
        : base(ModelName, new ModelDescription(ModelName, Checked(input), classCount), Blocks(input), Outputs(classCount))
    {
    }

    /// <summary>Tokens per image, N.</summary>
    public static int TokenCount(ImageShape input) => input.Height / PatchSize * (input.Width / PatchSize);

    /// <summary>The MLP of block <paramref name="stage"/>'s last encoder layer: <c>norm2.</c>, <c>fc1.</c>, <c>fc2.</c>.</summary>
    public override IReadOnlyList<string> TailPrefixes(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, StageCount);
        var last = $"{BlockPrefix(stage)}layers.{LayersPerStage - 1}.";
        return [last + "norm2.", last + "fc1.", last + "fc2."];
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

    private static List<nn.Module<Tensor, Tensor>> Blocks(ImageShape input) =>
        Enumerable.Range(0, Stages)
            .Select(stage => (nn.Module<Tensor, Tensor>)new TransformerStage(
                stage == 0 ? input.Channels : null,
                PatchSize,
                TokenCount(input),
                Dimension,
                Heads,
                MlpRatio * Dimension,
                LayersPerStage))
            .ToList();

    private static List<OutputModule> Outputs(int classCount) =>
        Enumerable.Range(0, Stages)
            .Select(stage => (OutputModule)new TokenOutputModule(
                $"output{stage}", Stages - 1 - stage, Dimension, classCount, ProjectionWidths.Scaled))
            .ToList();
}
