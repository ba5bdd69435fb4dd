namespace ScaleFL.Core.Models;

/// <summary>
/// How wide a model is built, for the width-scaled methods (HeteroFL, Diao et al. ICLR 2021;
/// FedRolex, Alam et al. NeurIPS 2022): every hidden width w becomes max(1, ceil(w x ratio)),
/// the image channels and the class count stay. With <see cref="StaticBatchNorm"/> every
/// BatchNorm of the blocks is the paper's static BN (<see cref="StaticBatchNorm2d"/>: batch
/// statistics always, no running statistics, the output scaler 1/ratio in training).
/// </summary>
public sealed record WidthScaling
{
    /// <summary>A scaling to <paramref name="ratio"/>; throws <see cref="ArgumentOutOfRangeException"/> outside (0, 1].</summary>
    public WidthScaling(double ratio, bool staticBatchNorm)
    {
        Ratio = ratio is > 0 and <= 1
            ? ratio
            : throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "A width ratio must be in (0, 1].");
        StaticBatchNorm = staticBatchNorm;
    }

    /// <summary>Width ratio in (0, 1].</summary>
    public double Ratio { get; }

    /// <summary>True for static BN; false keeps ordinary BatchNorm.</summary>
    public bool StaticBatchNorm { get; }

    /// <summary>The full width with ordinary BatchNorm: every method but the width-scaled ones.</summary>
    public static WidthScaling Full { get; } = new(1, false);

    /// <summary>Hidden width <paramref name="width"/> at this ratio: max(1, ceil(width x ratio)).</summary>
    public int Scale(int width)
    {
        // A tolerance keeps 64 x 0.5 at 32 whatever the double rounding of the ratio.
        return Math.Max(1, (int)Math.Ceiling((width * Ratio) - 1e-9));
    }

    /// <summary>The normalisation after a convolution of <paramref name="channels"/> (already scaled) outputs.</summary>
    internal TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Norm(int channels) =>
        StaticBatchNorm ? new StaticBatchNorm2d(channels, Ratio) : TorchSharp.torch.nn.BatchNorm2d(channels);
}
