using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Objective;

/// <summary>
/// The Hilbert-Schmidt independence criterion with Gaussian kernels over a batch (PAPER.md,
/// Curriculum Mentor). Every batch is flattened to [m, d]. HSIC(A,B) = tr(K_A H K_B H) / m^2,
/// computed as the sum of the element-wise product of the centred kernels (H is idempotent and
/// the kernels symmetric), which costs O(m^2) instead of two m x m products. Gradients flow
/// through both kernels.
/// </summary>
public static class Hsic
{
    /// <summary>
    /// Floor on HSIC(A,A) * HSIC(B,B), computed in float64. A collapsed batch (all rows equal)
    /// has an exactly zero centred kernel, so nHSIC is 0 / sqrt(floor) = 0, and the clamp cuts
    /// the gradient of the denominator there instead of dividing by zero.
    /// </summary>
    public const double DenominatorFloor = 1e-24;

    /// <summary>The m x m Gaussian kernel of a batch [m, ...].</summary>
    public static Tensor Kernel(Tensor batch, KernelBandwidth bandwidth)
    {
        ArgumentNullException.ThrowIfNull(bandwidth);
        using var scope = NewDisposeScope();
        var distances = SquaredDistances(batch);
        var divisor = bandwidth switch
        {
            KernelBandwidth.Fixed fixedWidth => 2.0 * fixedWidth.Sigma * fixedWidth.Sigma * FeatureDimension(batch),
            KernelBandwidth.Median => MedianDivisor(distances),
            _ => throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "Unknown kernel bandwidth."),
        };
        return distances.div(-divisor).exp().MoveToOuterDisposeScope();
    }

    /// <summary>H K H without building H: subtract row and column means, add back the grand mean.</summary>
    public static Tensor Centre(Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var centred = kernel - kernel.mean([0], keepdim: true) - kernel.mean([1], keepdim: true) + kernel.mean();
        return centred.MoveToOuterDisposeScope();
    }

    /// <summary>HSIC(A,B) = tr(K_A H K_B H) / m^2 of two batches with the same m.</summary>
    public static Tensor Estimate(Tensor a, Tensor b, KernelBandwidth bandwidth)
    {
        RequireSameBatch(a, b);
        using var scope = NewDisposeScope();
        return FromCentred(Centre(Kernel(a, bandwidth)), Centre(Kernel(b, bandwidth))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// nHSIC(A,B) = HSIC(A,B) / sqrt(HSIC(A,A) HSIC(B,B)), a kernel CKA in [0,1]; 0 (with finite
    /// gradients) when either batch is collapsed, for example a one-class label batch.
    /// </summary>
    public static Tensor Normalized(Tensor a, Tensor b, KernelBandwidth bandwidth)
    {
        RequireSameBatch(a, b);
        using var scope = NewDisposeScope();
        var centredA = Centre(Kernel(a, bandwidth));
        var centredB = Centre(Kernel(b, bandwidth));
        var cross = FromCentred(centredA, centredB);
        var selfA = FromCentred(centredA, centredA).to_type(ScalarType.Float64);
        var selfB = FromCentred(centredB, centredB).to_type(ScalarType.Float64);
        var denominator = (selfA * selfB).clamp_min(DenominatorFloor).sqrt();
        return (cross.to_type(ScalarType.Float64) / denominator).to_type(cross.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>One-hot float32 labels [m, classes], the Y of nHSIC(P, Y).</summary>
    public static Tensor OneHot(Tensor labels, int classCount)
    {
        using var scope = NewDisposeScope();
        return nn.functional.one_hot(labels.to_type(ScalarType.Int64), classCount)
            .to_type(ScalarType.Float32)
            .MoveToOuterDisposeScope();
    }

    private static Tensor FromCentred(Tensor centredA, Tensor centredB)
    {
        var m = centredA.shape[0];
        return (centredA * centredB).sum() / (m * m);
    }

    private static Tensor SquaredDistances(Tensor batch)
    {
        var flat = batch.reshape(batch.shape[0], -1);
        if (!flat.is_floating_point())
        {
            flat = flat.to_type(ScalarType.Float32);
        }

        // Distances do not change under a shift; removing the mean first keeps the expansion
        // |a|^2 + |b|^2 - 2ab from cancelling catastrophically and makes equal rows exactly 0.
        var centred = flat - flat.mean([0], keepdim: true);
        var norms = centred.square().sum([1], keepdim: true);
        return (norms + norms.t() - 2 * centred.matmul(centred.t())).clamp_min(0);
    }

    private static long FeatureDimension(Tensor batch) => batch.shape[0] == 0 ? 1 : Math.Max(1, batch.numel() / batch.shape[0]);

    private static double MedianDivisor(Tensor distances)
    {
        const double Tiny = 1e-12;
        var m = distances.shape[0];
        if (m < 2)
        {
            return 1.0;
        }

        using var offDiagonalMask = eye(m, dtype: ScalarType.Bool, device: distances.device).logical_not();
        using var offDiagonal = distances.detach().masked_select(offDiagonalMask);
        var median = offDiagonal.median().ToDouble();
        if (median > Tiny)
        {
            return median;
        }

        var mean = offDiagonal.mean().ToDouble();
        return mean > Tiny ? mean : 1.0;
    }

    private static void RequireSameBatch(Tensor a, Tensor b)
    {
        if (a.shape[0] != b.shape[0])
        {
            throw new ArgumentException($"HSIC needs two batches of the same size; got {a.shape[0]} and {b.shape[0]}.");
        }
    }
}
