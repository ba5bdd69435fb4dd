namespace ScaleFL.Core.Data;

/// <summary>
/// Independent and identically distributed split: a seeded shuffle cut into
/// <c>clientCount</c> runs whose sizes differ by at most one.
/// </summary>
public sealed class IidPartitioner : IPartitioner
{
    /// <inheritdoc />
    public string Name => "iid";

    /// <inheritdoc />
    public int[][] Split(IReadOnlyList<long> labels, int classCount, int clientCount, int seed)
    {
        SplitArguments.Validate(labels, classCount, clientCount);
        var order = Enumerable.Range(0, labels.Count).ToArray();
        new Random(seed).Shuffle(order);
        var clients = new int[clientCount][];
        for (var k = 0; k < clientCount; k++)
        {
            var start = (int)((long)k * order.Length / clientCount);
            var end = (int)((long)(k + 1) * order.Length / clientCount);
            clients[k] = order[start..end];
        }

        return clients;
    }
}
