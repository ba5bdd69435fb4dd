using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// HeteroFL's static BatchNorm (sBN, Diao et al. 2021, section 3): normalises with the batch's
/// own statistics in training and evaluation alike and keeps no running statistics, so a
/// device's sub-model never averages statistics of differently sized data. Its state is the
/// affine <c>weight</c> and <c>bias</c> (shape [channels]), named as an ordinary BatchNorm's.
/// In training the input is first divided by the width ratio (HeteroFL's output scaler), so a
/// narrow sub-model sees activations on the scale of the full model's.
/// </summary>
internal sealed class StaticBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double ratio;

    public StaticBatchNorm2d(int channels, double ratio) : base(nameof(StaticBatchNorm2d))
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        this.ratio = ratio;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var scaled = training && ratio != 1 ? input / ratio : input;
        var mean = scaled.mean([0, 2, 3], keepdim: true);
        var variance = scaled.var([0, 2, 3], unbiased: false, keepdim: true);
        var normalized = (scaled - mean) / (variance + 1e-5).sqrt();
        return (normalized * weight.view(1, -1, 1, 1) + bias.view(1, -1, 1, 1)).MoveToOuterDisposeScope();
    }
}
