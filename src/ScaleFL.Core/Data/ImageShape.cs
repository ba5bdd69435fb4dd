namespace ScaleFL.Core.Data;

/// <summary>Shape of one image: channels, height, width.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per image.</summary>
    public int ValueCount => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
