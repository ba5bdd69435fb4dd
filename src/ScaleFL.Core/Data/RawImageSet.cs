namespace ScaleFL.Core.Data;

/// <summary>
/// Images as read from disk, before normalization: one byte per value, image after image, each
/// image channel-major (C, H, W), and one label per image.
/// </summary>
public sealed record RawImageSet(byte[] Pixels, byte[] Labels, ImageShape Shape)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// A copy holding only the rows at <paramref name="indices"/>, in that order; nothing of this
    /// set is shared, so the full set can be dropped afterwards.
    /// </summary>
    public RawImageSet Select(IReadOnlyList<int> indices)
    {
        var size = Shape.ValueCount;
        var pixels = new byte[(long)indices.Count * size];
        var labels = new byte[indices.Count];
        for (var row = 0; row < indices.Count; row++)
        {
            Array.Copy(Pixels, (long)indices[row] * size, pixels, (long)row * size, size);
            labels[row] = Labels[indices[row]];
        }

        return new RawImageSet(pixels, labels, Shape);
    }

    /// <summary>The sets one after another; all must have the same image shape.</summary>
    public static RawImageSet Concat(IReadOnlyList<RawImageSet> parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts.Count, 1);
        var shape = parts[0].Shape;
        if (parts.Any(part => part.Shape != shape))
        {
            throw new ArgumentException("All parts must have the same image shape.", nameof(parts));
        }

        var pixels = new byte[parts.Sum(part => (long)part.Pixels.Length)];
        var labels = new byte[parts.Sum(part => part.Labels.Length)];
        long pixelOffset = 0;
        var labelOffset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Pixels, 0, pixels, pixelOffset, part.Pixels.Length);
            Array.Copy(part.Labels, 0, labels, labelOffset, part.Labels.Length);
            pixelOffset += part.Pixels.Length;
            labelOffset += part.Labels.Length;
        }

        return new RawImageSet(pixels, labels, shape);
    }
}
