namespace ScaleFL.Core.Data;

/// <summary>
/// The pathological non-IID split of McMahan et al. (2017): samples sorted by label are cut into
/// <c>clientCount * shardsPerClient</c> contiguous shards of near-equal size, and each client is
/// dealt <c>shardsPerClient</c> shards at random. A client thus sees about
/// <c>shardsPerClient</c> classes (more only where a shard straddles a class boundary).
/// </summary>
public sealed class ShardPartitioner : IPartitioner
{
    /// <summary>A partitioner dealing <paramref name="shardsPerClient"/> shards to each client.</summary>
    public ShardPartitioner(int shardsPerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardsPerClient, 1);
        ShardsPerClient = shardsPerClient;
    }

    /// <summary>Shards each client receives.</summary>
    public int ShardsPerClient { get; }

    /// <inheritdoc />
    public string Name => $"shards({ShardsPerClient})";

    /// <inheritdoc />
    public int[][] Split(IReadOnlyList<long> labels, int classCount, int clientCount, int seed)
    {
        SplitArguments.Validate(labels, classCount, clientCount);
        var shardCount = clientCount * ShardsPerClient;
        if (labels.Count < shardCount)
        {
            throw new ArgumentException(
                $"{labels.Count} samples cannot fill {shardCount} shards ({clientCount} clients x {ShardsPerClient}).",
                nameof(labels));
        }

        var random = new Random(seed);

        // Shuffling before the stable sort makes the order within a class depend on the seed too.
        var order = Enumerable.Range(0, labels.Count).ToArray();
        random.Shuffle(order);
        order = [.. order.OrderBy(i => labels[i])];

        var shardOrder = Enumerable.Range(0, shardCount).ToArray();
        random.Shuffle(shardOrder);
        var clients = new int[clientCount][];
        for (var k = 0; k < clientCount; k++)
        {
            clients[k] = [.. shardOrder.Skip(k * ShardsPerClient).Take(ShardsPerClient)
                .SelectMany(shard => Shard(order, shard, shardCount))];
        }

        return clients;
    }

    private static int[] Shard(int[] order, int shard, int shardCount)
    {
        var start = (int)((long)shard * order.Length / shardCount);
        var end = (int)((long)(shard + 1) * order.Length / shardCount);
        return order[start..end];
    }
}
