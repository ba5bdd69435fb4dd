namespace ScaleFL.Core.SubModels;

/// <summary>The channel indices of one dimension that a width-scaled sub-model holds.</summary>
public static class WidthWindow
{
    /// <summary>
    /// The indices into a global dimension of <paramref name="full"/> entries that the
    /// <paramref name="sub"/> entries of a sub-model map to, in the sub-model's order. A dimension
    /// the sub-model keeps whole (image channels, classes, or ratio 1) maps to 0..n-1. Otherwise
    /// <see cref="WidthSlicing.Prefix"/> gives 0..sub-1 and <see cref="WidthSlicing.Rolling"/> gives
    /// (s + i) mod full for i in 0..sub-1 with start s = (round - 1) mod full: the window of round 1
    /// is the prefix and each later round moves it one index on (FedRolex, section 3).
    /// Every dimension of the same size gets the same list, so a convolution's output channels and
    /// the next layer's input channels (and a residual sum's two sides) always line up.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sub"/> is not in 1..full, or <paramref name="round"/> is below 1.</exception>
    public static int[] Indices(int full, int sub, WidthSlicing slicing, int round)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sub, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sub, full);
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        if (sub == full || slicing == WidthSlicing.Prefix)
        {
            return Enumerable.Range(0, sub).ToArray();
        }

        var start = (round - 1) % full;
        return Enumerable.Range(0, sub).Select(i => (start + i) % full).ToArray();
    }
}
