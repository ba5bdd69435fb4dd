using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// One block of a ResNet: an optional stem (conv3x3 + BN + ReLU, only in block 0) followed by
/// <c>layer</c>, a run of BasicBlocks of which the first may downsample.
/// </summary>
internal sealed class ResidualStage : nn.Module<Tensor, Tensor>
{
    private readonly Sequential? stem;
    private readonly Sequential layer;

    public ResidualStage(int? stemInputChannels, int inChannels, int width, int stride, int depth, WidthScaling scaling)
        : base(nameof(ResidualStage))
    {
        if (stemInputChannels is { } imageChannels)
        {
            stem = nn.Sequential(
                nn.Conv2d(imageChannels, inChannels, 3, stride: 1, padding: 1, bias: false),
                scaling.Norm(inChannels),
                nn.ReLU());
        }

        layer = nn.Sequential(Enumerable.Range(0, depth)
            .Select(index => (nn.Module<Tensor, Tensor>)new BasicBlock(index == 0 ? inChannels : width, width, index == 0 ? stride : 1, scaling))
            .ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (stem is null)
        {
            return layer.call(input);
        }

        using var stemmed = stem.call(input);
        return layer.call(stemmed);
    }
}
