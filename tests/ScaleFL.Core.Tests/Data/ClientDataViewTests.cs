using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class ClientDataViewTests
{
    [Fact]
    public void Batches_cover_each_index_once_with_a_smaller_last_batch()
    {
        using var dataset = SyntheticDataset.Create(20, new ImageShape(1, 2, 2), 2, seed: 3);
        var view = new ClientDataView(dataset, [11, 2, 7, 19, 0, 5, 13]);

        var batches = view.Batches(3, new Random(4)).ToList();

        Assert.Equal([3, 3, 1], batches.Select(batch => batch.Length));
        Assert.Equal([0, 2, 5, 7, 11, 13, 19], batches.SelectMany(batch => batch).Order());
    }

    [Fact]
    public void Batch_order_follows_the_random_seed()
    {
        using var dataset = SyntheticDataset.Create(20, new ImageShape(1, 2, 2), 2, seed: 3);
        var view = dataset.All();

        var first = view.Batches(4, new Random(1)).SelectMany(batch => batch).ToArray();
        var again = view.Batches(4, new Random(1)).SelectMany(batch => batch).ToArray();
        var other = view.Batches(4, new Random(2)).SelectMany(batch => batch).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
