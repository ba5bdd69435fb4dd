using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

/// <summary>Properties every partitioner must have, checked on each of them.</summary>
public sealed class PartitionerTests
{
    public static TheoryData<string> Partitioners => ["iid", "dirichlet:0.5", "shards:2"];

    /// <summary>Ten classes of 100 samples each, interleaved: labels 0, 1, ..., 9, 0, 1, ...</summary>
    internal static long[] BalancedLabels(int classCount = 10, int perClass = 100) =>
        [.. Enumerable.Range(0, classCount * perClass).Select(i => (long)(i % classCount))];

    [Theory]
    [MemberData(nameof(Partitioners))]
    public void Every_sample_goes_to_exactly_one_client(string form)
    {
        var labels = BalancedLabels();

        var clients = PartitionerCatalog.Parse(form).Split(labels, 10, 20, seed: 7);

        Assert.Equal(20, clients.Length);
        Assert.All(clients, client => Assert.NotEmpty(client));
        Assert.Equal(Enumerable.Range(0, labels.Length), clients.SelectMany(client => client).Order());
    }

    [Theory]
    [MemberData(nameof(Partitioners))]
    public void Same_seed_gives_the_same_split(string form)
    {
        var labels = BalancedLabels();

        var first = PartitionerCatalog.Parse(form).Split(labels, 10, 20, seed: 7);
        var again = PartitionerCatalog.Parse(form).Split(labels, 10, 20, seed: 7);

        Assert.Equal(first, again);
    }

    [Theory]
    [MemberData(nameof(Partitioners))]
    public void Different_seed_gives_a_different_split(string form)
    {
        var labels = BalancedLabels();
        var partitioner = PartitionerCatalog.Parse(form);

        var first = partitioner.Split(labels, 10, 20, seed: 7);
        var other = partitioner.Split(labels, 10, 20, seed: 8);

        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(Partitioners))]
    public void More_clients_than_samples_is_refused(string form)
    {
        var error = Assert.Throws<ArgumentException>(
            () => PartitionerCatalog.Parse(form).Split([0, 1, 0], 2, 4, seed: 0));

        Assert.StartsWith("Cannot give each of 4 clients a sample: only 3 samples.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Iid_sizes_differ_by_at_most_one()
    {
        var labels = BalancedLabels(perClass: 100).Concat([0L, 1, 2]).ToArray();

        var clients = new IidPartitioner().Split(labels, 10, 10, seed: 1);

        Assert.Equal(1003, clients.Sum(client => client.Length));
        Assert.All(clients, client => Assert.InRange(client.Length, 100, 101));
    }

    [Fact]
    public void Iid_clients_see_roughly_the_global_class_mix()
    {
        var labels = BalancedLabels(perClass: 200);

        var clients = new IidPartitioner().Split(labels, 10, 4, seed: 1);

        // 500 samples per client, 50 expected per class; a shuffle keeps every class well present.
        Assert.All(clients, client => Assert.All(
            Enumerable.Range(0, 10), c => Assert.InRange(client.Count(i => labels[i] == c), 25, 75)));
    }

    [Fact]
    public void Shards_give_each_client_at_most_its_shard_count_of_classes()
    {
        var labels = BalancedLabels();

        // 20 clients x 2 shards = 40 shards of 25: each shard lies within one class of 100.
        var clients = new ShardPartitioner(2).Split(labels, 10, 20, seed: 3);

        Assert.All(clients, client => Assert.Equal(50, client.Length));
        Assert.All(clients, client => Assert.InRange(client.Select(i => labels[i]).Distinct().Count(), 1, 2));
    }

    [Fact]
    public void Shards_need_at_least_one_sample_each()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new ShardPartitioner(3).Split(BalancedLabels(perClass: 1), 10, 4, seed: 0));

        Assert.StartsWith("10 samples cannot fill 12 shards (4 clients x 3).", error.Message, StringComparison.Ordinal);
    }
}
