using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// ResNet's BasicBlock: conv3x3-BN-ReLU-conv3x3-BN plus a shortcut (1x1 conv + BN when the shape
/// changes), then ReLU. Its <c>conv2</c> and <c>bn2</c> are what the Training Harmonizer co-adapts
/// when this is the last block of a stage.
/// </summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly Sequential? shortcut;

    public BasicBlock(int inChannels, int outChannels, int stride, WidthScaling width) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = width.Norm(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = width.Norm(outChannels);
        if (stride != 1 || inChannels != outChannels)
        {
            shortcut = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false),
                width.Norm(outChannels));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var residual = bn2.call(conv2.call(nn.functional.relu(bn1.call(conv1.call(input)))));
        var identity = shortcut is null ? input : shortcut.call(input);
        return nn.functional.relu(residual.add_(identity)).MoveToOuterDisposeScope();
    }
}
