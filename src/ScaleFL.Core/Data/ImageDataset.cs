using static TorchSharp.torch;

namespace ScaleFL.Core.Data;

/// <summary>
/// A labelled image set held once in memory as a normalized float tensor [N, C, H, W]. Clients
/// see it through <see cref="ClientDataView"/>s (index lists), so partitioning never copies
/// images. Reading batches from several threads at once is safe: it only reads the tensor.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private readonly Tensor images;
    private readonly long[] labels;

    /// <summary>Takes ownership of <paramref name="images"/>, a float tensor [N, C, H, W].</summary>
    public ImageDataset(string name, Tensor images, long[] labels, int classCount)
    {
        if (images.dim() != 4 || images.shape[0] != labels.Length)
        {
            throw new ArgumentException(
                $"Dataset '{name}': images must be [N,C,H,W] with N = {labels.Length} labels, got [{string.Join(",", images.shape)}].");
        }

        if (labels.Any(label => label < 0 || label >= classCount))
        {
            throw new ArgumentException($"Dataset '{name}': a label lies outside 0..{classCount - 1}.");
        }

        Name = name;
        this.images = images.DetachFromDisposeScope();
        this.labels = labels;
        ClassCount = classCount;
        Shape = new ImageShape((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
    }

    /// <summary>Dataset name, for messages and results.</summary>
    public string Name { get; }

    /// <summary>Number of classes; labels are 0..ClassCount-1.</summary>
    public int ClassCount { get; }

    /// <summary>Shape of one image.</summary>
    public ImageShape Shape { get; }

    /// <summary>Number of samples.</summary>
    public int Count => labels.Length;

    /// <summary>All labels, by sample index.</summary>
    public IReadOnlyList<long> Labels => labels;

    /// <summary>The images at <paramref name="indices"/> as a new tensor [B, C, H, W].</summary>
    public Tensor Images(ReadOnlySpan<int> indices)
    {
        using var index = tensor(indices.ToArray().Select(i => (long)i).ToArray());
        return images.index_select(0, index);
    }

    /// <summary>The labels at <paramref name="indices"/> as a new int64 tensor [B].</summary>
    public Tensor LabelsAt(ReadOnlySpan<int> indices)
    {
        var selected = new long[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            selected[i] = labels[indices[i]];
        }

        return tensor(selected);
    }

    /// <summary>A view over every sample.</summary>
    public ClientDataView All() => new(this, Enumerable.Range(0, Count).ToArray());

    /// <inheritdoc />
    public void Dispose() => images.Dispose();
}
