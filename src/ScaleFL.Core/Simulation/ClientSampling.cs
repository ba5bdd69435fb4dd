namespace ScaleFL.Core.Simulation;

/// <summary>
/// The seeded client sample of a round, shared by the in-process driver and the actor server so
/// both pick the same clients. The pool is ordered by client id before shuffling, so the sample
/// does not depend on the order clients were listed or registered in.
/// </summary>
public static class ClientSampling
{
    /// <summary>
    /// Up to <paramref name="count"/> of <paramref name="eligible"/> (identified by
    /// <paramref name="idOf"/>), drawn with <c>Seeds.Derive(seed, Sampling, round)</c> and returned
    /// in client-id order. A retry (<paramref name="attempt"/> above 0) draws afresh with
    /// <c>Seeds.Derive(seed, Sampling, round, attempt)</c>.
    /// </summary>
    public static IReadOnlyList<T> Sample<T>(IEnumerable<T> eligible, Func<T, int> idOf, int seed, int round, int count, int attempt = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var pool = eligible.OrderBy(idOf).ToArray();
        var sampleSeed = attempt == 0
            ? Seeds.Derive(seed, Seeds.Sampling, round)
            : Seeds.Derive(seed, Seeds.Sampling, round, attempt);
        new Random(sampleSeed).Shuffle(pool);
        return pool.Take(count).OrderBy(idOf).ToList();
    }

    /// <summary>How many clients to ask when <paramref name="perRound"/> results are wanted and a fraction <paramref name="overCommit"/> more is asked for.</summary>
    public static int WithOverCommit(int perRound, double overCommit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overCommit);
        return (int)Math.Ceiling(perRound * (1 + overCommit) - 1e-9);
    }
}
