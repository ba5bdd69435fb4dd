using System.Globalization;

namespace ScaleFL.Core.Objective;

/// <summary>
/// How the Gaussian kernel of <see cref="Hsic"/> picks its width. <see cref="Fixed"/> is the
/// paper's sigma scaled by the feature dimension; <see cref="Median"/> is the median heuristic,
/// which makes nHSIC invariant to rescaling the features.
/// </summary>
public abstract record KernelBandwidth
{
    private KernelBandwidth()
    {
    }

    /// <summary>PAPER.md's kernel: sigma = 5 with dimension scaling.</summary>
    public static KernelBandwidth Paper { get; } = new Fixed(5.0);

    /// <summary>The median heuristic.</summary>
    public static KernelBandwidth MedianHeuristic { get; } = new Median();

    /// <summary>
    /// Parses <c>median</c>, <c>fixed:SIGMA</c> or a bare <c>SIGMA</c> (invariant culture).
    /// </summary>
    public static KernelBandwidth Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("median", StringComparison.OrdinalIgnoreCase))
        {
            return MedianHeuristic;
        }

        var number = trimmed.StartsWith("fixed:", StringComparison.OrdinalIgnoreCase) ? trimmed[6..] : trimmed;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma))
        {
            return new Fixed(sigma);
        }

        throw new FormatException($"KernelBandwidth must be 'median', 'fixed:SIGMA' or a number; got '{text}'.");
    }

    /// <summary>
    /// K = exp(-D / (2 sigma^2 d)) with d the flattened feature dimension (PAPER.md).
    /// </summary>
    /// <param name="Sigma">Kernel width before dimension scaling; finite and positive.</param>
    public sealed record Fixed(double Sigma) : KernelBandwidth
    {
        /// <summary>Kernel width before dimension scaling.</summary>
        public double Sigma { get; } = double.IsFinite(Sigma) && Sigma > 0
            ? Sigma
            : throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, "Sigma must be a finite number > 0.");

        /// <inheritdoc />
        public override string ToString() => $"fixed:{Sigma.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// sigma^2 = median of the off-diagonal squared distances / 2, so K = exp(-D / median),
    /// taken without gradient. A zero median (most rows equal) falls back to the mean distance,
    /// and a zero mean (all rows equal) to 1: the kernel is then all ones whatever the width.
    /// </summary>
    public sealed record Median : KernelBandwidth
    {
        /// <inheritdoc />
        public override string ToString() => "median";
    }
}
