using System.Globalization;

namespace ScaleFL.Core.Data;

/// <summary>
/// Label-skewed split of Hsu et al. (2019): for each class, proportions over the clients are drawn
/// from a symmetric Dirichlet(alpha) and the class's shuffled samples are cut in those
/// proportions. Small alpha concentrates each class on few clients (strong skew); large alpha
/// approaches an IID split.
/// <para>
/// Every client must hold at least one sample. A split leaving a client empty is redrawn, up to
/// <see cref="MaxDraws"/> times, with the same seeded stream (so the result stays a function of
/// the seed); if the last draw still leaves clients empty (many clients, few samples, tiny alpha),
/// each empty client is given one sample taken from the currently largest client.
/// </para>
/// </summary>
public sealed class DirichletPartitioner : IPartitioner
{
    /// <summary>How many full draws are tried before the fix-up moves samples to empty clients.</summary>
    public const int MaxDraws = 100;

    /// <summary>A partitioner with concentration <paramref name="alpha"/> (positive, finite).</summary>
    public DirichletPartitioner(double alpha)
    {
        if (!(alpha > 0.0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Dirichlet alpha must be positive and finite.");
        }

        Alpha = alpha;
    }

    /// <summary>Dirichlet concentration.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public string Name => $"dirichlet({Alpha.ToString(CultureInfo.InvariantCulture)})";

    /// <inheritdoc />
    public int[][] Split(IReadOnlyList<long> labels, int classCount, int clientCount, int seed)
    {
        SplitArguments.Validate(labels, classCount, clientCount);
        var random = new Random(seed);
        var byClass = Enumerable.Range(0, classCount).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < labels.Count; i++)
        {
            byClass[labels[i]].Add(i);
        }

        List<int>[] clients = [];
        for (var draw = 0; draw < MaxDraws; draw++)
        {
            clients = Draw(byClass, clientCount, random);
            if (clients.All(client => client.Count > 0))
            {
                break;
            }
        }

        FillEmptyClients(clients);
        return [.. clients.Select(client => client.ToArray())];
    }

    private List<int>[] Draw(List<int>[] byClass, int clientCount, Random random)
    {
        var clients = Enumerable.Range(0, clientCount).Select(_ => new List<int>()).ToArray();
        foreach (var members in byClass)
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            var proportions = RandomSampling.Dirichlet(random, Alpha, clientCount);
            var cumulative = 0.0;
            var start = 0;
            for (var k = 0; k < clientCount; k++)
            {
                cumulative += proportions[k];
                var end = k == clientCount - 1
                    ? shuffled.Length
                    : Math.Min(shuffled.Length, (int)Math.Round(cumulative * shuffled.Length));
                clients[k].AddRange(shuffled[start..end]);
                start = end;
            }
        }

        return clients;
    }

    private static void FillEmptyClients(List<int>[] clients)
    {
        foreach (var empty in clients.Where(client => client.Count == 0))
        {
            var largest = clients.MaxBy(client => client.Count)!;
            empty.Add(largest[^1]);
            largest.RemoveAt(largest.Count - 1);
        }
    }
}
