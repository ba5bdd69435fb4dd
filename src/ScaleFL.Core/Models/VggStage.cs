using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// One block of VGG-11: a run of conv3x3-BN-ReLU layers and 2x2 max pools, in plan order
/// (a null entry is a pool). Convolutions are numbered among themselves: <c>convs.{i}.conv</c>
/// and <c>convs.{i}.bn</c>. The pool is a module, not a function, so that the memory probe
/// sees what it keeps for backward (its input and its indices); it has no state.
/// </summary>
internal sealed class VggStage : nn.Module<Tensor, Tensor>
{
    private readonly IReadOnlyList<int?> plan;
    private readonly ModuleList<ConvBnRelu> convs;
    private readonly MaxPool2d pool = nn.MaxPool2d(2, 2);

    public VggStage(int inChannels, IReadOnlyList<int?> plan, WidthScaling width) : base(nameof(VggStage))
    {
        this.plan = plan;
        var layers = new List<ConvBnRelu>();
        var channels = inChannels;
        foreach (var entry in plan)
        {
            if (entry is { } outChannels)
            {
                layers.Add(new ConvBnRelu(channels, outChannels, width));
                channels = outChannels;
            }
        }

        convs = nn.ModuleList(layers.ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.alias();
        var conv = 0;
        foreach (var entry in plan)
        {
            var next = entry is null ? pool.call(x) : convs[conv++].call(x);
            x.Dispose();
            x = next;
        }

        return x;
    }

    /// <summary>conv3x3 (padding 1, no bias) + BN + ReLU, the unit of VGG-BN.</summary>
    internal sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly nn.Module<Tensor, Tensor> bn;

        public ConvBnRelu(int inChannels, int outChannels, WidthScaling width) : base(nameof(ConvBnRelu))
        {
            conv = nn.Conv2d(inChannels, outChannels, 3, padding: 1, bias: false);
            bn = width.Norm(outChannels);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var convolved = conv.call(input);
            using var normed = bn.call(convolved);
            return nn.functional.relu(normed);
        }
    }
}
