namespace ScaleFL.Core.Models;

/// <summary>
/// Shape of a 4-stage ResNet: the stem's width, and per stage (block) its width, the stride of its
/// first BasicBlock and how many BasicBlocks it has. Block 0 holds the stem.
/// </summary>
/// <param name="StemWidth">Channels the stem conv produces (the input width of stage 0).</param>
/// <param name="Widths">Output width of each stage.</param>
/// <param name="Strides">Downsampling of each stage's first BasicBlock (1 or 2).</param>
/// <param name="Depths">BasicBlocks per stage.</param>
/// <param name="Projection">The output modules' projection head.</param>
public sealed record ResidualLayout(
    int StemWidth,
    IReadOnlyList<int> Widths,
    IReadOnlyList<int> Strides,
    IReadOnlyList<int> Depths,
    ProjectionWidths Projection)
{
    /// <summary>This layout with every width (stem, stages, projection head) scaled by <paramref name="width"/>; depths and strides stay.</summary>
    public ResidualLayout Scaled(WidthScaling width) => width.Ratio == 1
        ? this
        : new ResidualLayout(
            width.Scale(StemWidth), Widths.Select(width.Scale).ToArray(), Strides, Depths, Projection.ScaledBy(width));

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StemWidth);
        if (Widths.Count == 0 || Widths.Count != Strides.Count || Widths.Count != Depths.Count)
        {
            throw new ArgumentException(
                $"A residual layout needs one width, stride and depth per stage; got {Widths.Count}, {Strides.Count} and {Depths.Count}.");
        }

        if (Widths.Any(w => w <= 0) || Depths.Any(d => d <= 0) || Strides.Any(s => s is not (1 or 2)))
        {
            throw new ArgumentException("Residual widths and depths must be positive and strides 1 or 2.");
        }
    }
}
