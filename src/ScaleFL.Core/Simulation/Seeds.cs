namespace ScaleFL.Core.Simulation;

/// <summary>
/// Derives independent seeds from a run seed and coordinates (purpose, round, client) with
/// SplitMix64 mixing. Unlike <see cref="HashCode"/>, which is randomised per process, the result
/// is the same on every machine and every run.
/// </summary>
public static class Seeds
{
    /// <summary>Seed for the client sample of a round: Derive(seed, Sampling, round).</summary>
    public const int Sampling = 1;

    /// <summary>Seed for a client's dropout draw: Derive(seed, Dropout, round, clientId).</summary>
    public const int Dropout = 2;

    /// <summary>Seed for a client's local training: Derive(seed, Training, round, clientId).</summary>
    public const int Training = 3;

    /// <summary>Tag of the data partition.</summary>
    public const int Partition = 4;

    /// <summary>Tag of the client memory budgets.</summary>
    public const int Budgets = 5;

    /// <summary>Tag of the initial model weights.</summary>
    public const int ModelInit = 6;

    /// <summary>Tag of the choice of straggler clients.</summary>
    public const int Stragglers = 7;

    /// <summary>Tag of the test samples the nHSIC plane is measured on.</summary>
    public const int HsicProbe = 8;

    /// <summary>The seed of <paramref name="clientId"/>'s local training in <paramref name="round"/>.</summary>
    public static int ForTraining(int seed, int round, int clientId) => Derive(seed, Training, round, clientId);

    /// <summary>True when <paramref name="clientId"/>, dropping out with <paramref name="probability"/>, drops out of <paramref name="round"/>.</summary>
    public static bool DropsOut(int seed, int round, int clientId, double probability) =>
        new Random(Derive(seed, Dropout, round, clientId)).NextDouble() < probability;

    /// <summary>A non-negative seed determined by <paramref name="seed"/> and <paramref name="parts"/>.</summary>
    public static int Derive(int seed, params ReadOnlySpan<int> parts)
    {
        var state = Mix((uint)seed);
        foreach (var part in parts)
        {
            state = Mix(state ^ (uint)part);
        }

        return (int)(state >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
