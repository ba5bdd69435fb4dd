using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// Output widths of the projection head's three Linear layers (PAPER.md: no activations between
/// them). The head's input is the pooled final-stage width.
/// </summary>
/// <param name="First">Width after the first Linear layer.</param>
/// <param name="Second">Width after the second Linear layer.</param>
/// <param name="Output">Width of P, the vector the label term nHSIC(P, Y) sees.</param>
public sealed record ProjectionWidths(int First, int Second, int Output)
{
    /// <summary>The released code's head for 512-wide features: 512 -> 2056 -> 1024 -> 512.</summary>
    public static ProjectionWidths Paper { get; } = new(2056, 1024, 512);

    /// <summary>
    /// [choice] A head scaled down for narrow models (final width 64-128): the paper's 4x-wide
    /// hidden layer would dwarf the backbone of small-resnet and vit-tiny.
    /// </summary>
    public static ProjectionWidths Scaled { get; } = new(256, 256, 128);

    /// <summary>These widths scaled by <paramref name="width"/>.</summary>
    public ProjectionWidths ScaledBy(WidthScaling width) => new(width.Scale(First), width.Scale(Second), width.Scale(Output));

    internal nn.Module<Tensor, Tensor> CreateHead(int inputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(First);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Second);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Output);
        return nn.Sequential(
            nn.Linear(inputWidth, First),
            nn.Linear(First, Second),
            nn.Linear(Second, Output));
    }
}
