namespace ScaleFL.Core.Data;

/// <summary>
/// One client's share of a dataset: indices into the shared <see cref="ImageDataset"/>, never a
/// copy of the images.
/// </summary>
public sealed record ClientDataView(ImageDataset Dataset, int[] Indices)
{
    /// <summary>Number of samples the client holds.</summary>
    public int Count => Indices.Length;

    /// <summary>
    /// The client's indices in mini-batches, shuffled by <paramref name="random"/>; the last batch
    /// may be smaller.
    /// </summary>
    public IEnumerable<int[]> Batches(int batchSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = (int[])Indices.Clone();
        random.Shuffle(order);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            yield return order[start..Math.Min(start + batchSize, order.Length)];
        }
    }
}
