namespace ScaleFL.Core.Simulation;

/// <summary>
/// Seeded generators of client memory budgets, in bytes (1 MiB = 1024 * 1024 bytes, as
/// <see cref="Memory.MemoryFootprint.TotalMiB"/>).
/// </summary>
public static class MemoryBudgets
{
    /// <summary>Lower end of the authors' ProFL budgets for ResNet-18 scale models (PAPER.md).</summary>
    public const double PaperMinMiB = 100;

    /// <summary>Upper end of the authors' ProFL budgets.</summary>
    public const double PaperMaxMiB = 900;

    private const double BytesPerMiB = 1024.0 * 1024.0;

    /// <summary><paramref name="count"/> budgets drawn uniformly from [minMiB, maxMiB].</summary>
    public static IReadOnlyList<long> Uniform(int count, double minMiB, double maxMiB, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (minMiB < 0 || maxMiB < minMiB)
        {
            throw new ArgumentException($"Budget range must satisfy 0 <= minMiB <= maxMiB, got {minMiB}..{maxMiB}.", nameof(minMiB));
        }

        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (long)((minMiB + (random.NextDouble() * (maxMiB - minMiB))) * BytesPerMiB))
            .ToList();
    }

    /// <summary>
    /// <paramref name="count"/> budgets split among <paramref name="tiers"/> in proportion to their
    /// shares (largest remainder), in an order shuffled by <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<long> Tiers(int count, IReadOnlyList<MemoryTier> tiers, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (tiers.Count == 0 || tiers.Any(tier => tier.Share < 0 || tier.MiB < 0) || tiers.Sum(tier => tier.Share) <= 0)
        {
            throw new ArgumentException("Tiers need at least one entry, non-negative budgets and shares, and a positive total share.", nameof(tiers));
        }

        var totalShare = tiers.Sum(tier => tier.Share);
        var exact = tiers.Select(tier => count * tier.Share / totalShare).ToArray();
        var counts = exact.Select(value => (int)Math.Floor(value)).ToArray();
        var byRemainder = Enumerable.Range(0, tiers.Count).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i);
        foreach (var i in byRemainder.Take(count - counts.Sum()))
        {
            counts[i]++;
        }

        var budgets = tiers.SelectMany((tier, i) => Enumerable.Repeat((long)(tier.MiB * BytesPerMiB), counts[i])).ToArray();
        new Random(seed).Shuffle(budgets);
        return budgets;
    }
}
