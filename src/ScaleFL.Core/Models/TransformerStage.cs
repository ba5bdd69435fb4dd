using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// One block of the Vision Transformer: a group of encoder layers (<c>layers.{i}</c>), preceded in
/// block 0 by the patch embedding (<c>patch</c>, a stride-p convolution) and the learned
/// positional embedding (<c>position</c>), so every block maps tokens [B, N, D] to tokens.
/// </summary>
internal sealed class TransformerStage : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d? patch;
    private readonly Parameter? position;
    private readonly ModuleList<EncoderLayer> layers;

    public TransformerStage(int? imageChannels, int patchSize, int tokenCount, int dimension, int heads, int mlpWidth, int depth)
        : base(nameof(TransformerStage))
    {
        if (imageChannels is { } channels)
        {
            patch = nn.Conv2d(channels, dimension, patchSize, stride: patchSize);
            using var initial = randn(1, tokenCount, dimension);
            position = nn.Parameter(initial.mul(0.02));
        }

        layers = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => new EncoderLayer(dimension, heads, mlpWidth)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        if (patch is not null && position is not null)
        {
            // [B, D, H/p, W/p] -> [B, N, D]
            x = patch.call(input).flatten(2).transpose(1, 2) + position;
        }

        foreach (var layer in layers)
        {
            x = layer.call(x);
        }

        return (ReferenceEquals(x, input) ? x.alias() : x).MoveToOuterDisposeScope();
    }
}
