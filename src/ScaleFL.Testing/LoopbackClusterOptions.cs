using ScaleFL.Core.Faults;

namespace ScaleFL.Testing;

/// <summary>
/// What a <see cref="LoopbackCluster"/> runs: the server's experiment flags, how many client
/// processes (client k trains share k+1 of N), their memory, the round deadline and a fault plan.
/// Every process listens on 127.0.0.1 only.
/// </summary>
public sealed record LoopbackClusterOptions
{
    /// <summary>
    /// An experiment whose rounds take seconds: 300 synthetic samples, the plain block-wise method
    /// (sbt, one block after the other), batch 16, 100 evaluation samples, seed 7.
    /// </summary>
    public static IReadOnlyList<string> TinyExperiment { get; } =
        ["--dataset", "synthetic", "--max-train", "300", "--method", "sbt", "--seed", "7", "--batch-size", "16", "--eval-samples", "100"];

    /// <summary>The flags the cluster sets itself from these options, refused in <see cref="Experiment"/>.</summary>
    public static IReadOnlyList<string> ClusterFlags { get; } = ["--clients", "--per-round", "--rounds", "--out", "--name", "--port", "--faults"];

    /// <summary>
    /// Flags of <c>scalefl server</c> that say what to train (see <c>scalefl server --help</c>), without
    /// the <see cref="ClusterFlags"/>. Default <see cref="TinyExperiment"/>.
    /// </summary>
    public IReadOnlyList<string> Experiment { get; init; } = TinyExperiment;

    /// <summary>Rounds to run (<c>--rounds</c>). At least 1; default 3.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Clients asked per round (<c>--per-round</c>). 1 to <see cref="Clients"/>; default null: every client.</summary>
    public int? PerRound { get; init; }

    /// <summary>Client processes, which the server waits for before round 1 (its <c>--clients</c> and <c>--min-clients</c>). At least 1; default 3.</summary>
    public int Clients { get; init; } = 3;

    /// <summary>Faults the server hands its clients (docs/faults.md); written to the cluster's folder and passed as <c>--faults</c>. Default none.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>Training memory of every client, in MiB (<c>--memory-mb</c>). Greater than 0; default 4096 (every stage fits).</summary>
    public double ClientMemoryMb { get; init; } = 4096;

    /// <summary>Wall-clock time a round waits for updates (<c>--round-deadline</c>); a lost message costs this much. At least 1 s; default 30 s.</summary>
    public TimeSpan RoundDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for the clients to register (<c>--client-wait</c>) and a client for the server (<c>--join-timeout</c>). At least 1 s; default 60 s.</summary>
    public TimeSpan JoinWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>HOCON for the server node (<c>--config</c>), e.g. a faster failure detector; default none.</summary>
    public string? ServerConfig { get; init; }

    /// <summary>HOCON for every client node (<c>--config</c>); default none.</summary>
    public string? ClientConfig { get; init; }

    /// <summary>The <c>scalefl.dll</c> to run; default see <see cref="ScaleflProcess.FindCli"/>.</summary>
    public string? Cli { get; init; }

    /// <summary>Folder for the plan, configs and run folders; default a new temporary folder, deleted on dispose.</summary>
    public string? Directory { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public LoopbackClusterOptions Validate()
    {
        Require(Clients >= 1, nameof(Clients), Clients, "at least 1");
        Require(ClientMemoryMb > 0, nameof(ClientMemoryMb), ClientMemoryMb, "greater than 0");
        Require(RoundDeadline >= TimeSpan.FromSeconds(1), nameof(RoundDeadline), RoundDeadline, "at least 1 s");
        Require(JoinWait >= TimeSpan.FromSeconds(1), nameof(JoinWait), JoinWait, "at least 1 s");
        Require(Rounds >= 1, nameof(Rounds), Rounds, "at least 1");
        Require(PerRound is null || (PerRound >= 1 && PerRound <= Clients), nameof(PerRound), PerRound, $"null or 1 to {Clients}");
        var owned = Experiment.FirstOrDefault(ClusterFlags.Contains);
        Require(owned is null, nameof(Experiment), owned, $"flags other than {string.Join(", ", ClusterFlags)} (the cluster sets those)");
        Faults.Validate(Clients, Rounds);
        return this;
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException($"LoopbackClusterOptions.{field} is {value ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
