using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// One stand-in of a CNN output module, built as its <see cref="StandInStyle"/> says:
/// conv3x3 (padding 1, the real stage's stride), then BatchNorm and ReLU when the style has them.
/// State names: <c>conv.*</c> and, with BatchNorm, <c>norm.*</c>.
/// </summary>
internal sealed class ConvStandInLayer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? norm;
    private readonly bool activation;

    public ConvStandInLayer(ConvStandIn shape, StandInStyle style) : base(nameof(ConvStandInLayer))
    {
        // A conv followed by BN needs no bias: BN's shift replaces it.
        conv = nn.Conv2d(shape.InChannels, shape.OutChannels, 3, stride: shape.Stride, padding: 1, bias: !style.BatchNorm);
        if (style.HeInit)
        {
            // Variance-preserving through the activation: gain sqrt(2) before a ReLU, 1 otherwise.
            var nonlinearity = style.Activation ? nn.init.NonlinearityType.ReLU : nn.init.NonlinearityType.Linear;
            nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nonlinearity);
            if (conv.bias is { } bias)
            {
                nn.init.zeros_(bias);
            }
        }

        norm = style.BatchNorm ? nn.BatchNorm2d(shape.OutChannels) : null;
        activation = style.Activation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv.call(input);
        if (norm is not null)
        {
            x = norm.call(x);
        }

        return (activation ? nn.functional.relu(x) : x).MoveToOuterDisposeScope();
    }
}
