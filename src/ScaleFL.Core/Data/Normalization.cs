using static TorchSharp.torch;

namespace ScaleFL.Core.Data;

/// <summary>
/// Per-channel mean and standard deviation of a dataset's training pixels scaled to [0, 1]; images
/// become <c>(pixel / 255 - mean) / std</c>. The constants are the usual published ones.
/// </summary>
public sealed record Normalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>Fashion-MNIST: mean 0.2860, std 0.3530.</summary>
    public static Normalization FashionMnist { get; } = new([0.2860f], [0.3530f]);

    /// <summary>MNIST: mean 0.1307, std 0.3081.</summary>
    public static Normalization Mnist { get; } = new([0.1307f], [0.3081f]);

    /// <summary>CIFAR-10, per RGB channel.</summary>
    public static Normalization Cifar10 { get; } =
        new([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);

    /// <summary>CIFAR-100, per RGB channel.</summary>
    public static Normalization Cifar100 { get; } =
        new([0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]);

    /// <summary>
    /// Normalizes <paramref name="raw"/> into an <see cref="ImageDataset"/>. The float values are
    /// filled into one array and turned into a tensor once, not image by image.
    /// </summary>
    public ImageDataset Apply(RawImageSet raw, string name, int classCount)
    {
        var channels = raw.Shape.Channels;
        if (Mean.Count != channels || Std.Count != channels)
        {
            throw new DatasetException(
                $"Dataset '{name}': normalization has {Mean.Count} channel(s) but the images have {channels}.");
        }

        var badLabel = raw.Labels.FirstOrDefault(label => label >= classCount, (byte)0);
        if (badLabel >= classCount)
        {
            throw new DatasetException($"Dataset '{name}': label {badLabel} lies outside 0..{classCount - 1}.");
        }

        // One lookup table per channel: 256 possible bytes, so no division per pixel.
        var table = new float[channels, 256];
        for (var c = 0; c < channels; c++)
        {
            for (var value = 0; value < 256; value++)
            {
                table[c, value] = ((value / 255f) - Mean[c]) / Std[c];
            }
        }

        var plane = raw.Shape.Height * raw.Shape.Width;
        var values = new float[raw.Pixels.LongLength];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = table[(int)(i / plane % channels), raw.Pixels[i]];
        }

        var labels = raw.Labels.Select(label => (long)label).ToArray();
        var images = tensor(values, [raw.Count, channels, raw.Shape.Height, raw.Shape.Width]);
        return new ImageDataset(name, images, labels, classCount);
    }
}
