using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Server;

namespace ScaleFL.Runtime.Simulation;

/// <summary>
/// A simulated run on actors: the in-process driver's <see cref="DriverSettings"/> (model,
/// method, schedule, memory model, data, client profiles, rounds, seed) plus the runtime's
/// round rules. With no dropouts, no over-commit and a generous deadline it reproduces
/// <see cref="InProcessDriver"/> exactly.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>What to run; client <c>i</c> trains on <c>Driver.ClientData[i]</c>.</summary>
    public required DriverSettings Driver { get; init; }

    /// <summary>Wall-clock bound of each round (a dropped-out client is only known when it passes). Positive; default 10 minutes.</summary>
    public TimeSpan WallTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Trainings running at once (and models in the pool). At least 1; default the processor count.</summary>
    public int MaxConcurrentTraining { get; init; } = Environment.ProcessorCount;

    /// <summary>Devices cache frozen blocks between rounds (less traffic, more memory). Default false.</summary>
    public bool CacheBlocks { get; init; }

    /// <summary>When set, the global model is checkpointed here after every round.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Called with the round's number on the server's actor thread right after that round's checkpoint
    /// is written, before <see cref="Progress"/> hears of the round (see <see cref="AggregatorSettings.RoundCheckpointed"/>). Default null.
    /// </summary>
    public Action<int>? RoundCheckpointed { get; init; }

    /// <summary>Model catalog name for checkpoints.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>Called on an actor thread after every round.</summary>
    public Action<AggregatorProtocol.RoundCompleted>? Progress { get; init; }

    /// <summary>
    /// Called (on an actor thread) after a round in which new faults were reported, before <see cref="Progress"/>,
    /// with every fault of this run so far (for <c>faults.csv</c>, so a stopped run keeps them).
    /// </summary>
    public Action<FaultReport>? FaultsRecorded { get; init; }

    /// <summary>Faults injected into the devices (see <see cref="Faults.FaultInjection"/>). Default none.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>When set, the devices run on worker processes of that cluster node instead of in this process. Default null.</summary>
    public WorkerPlacement? Workers { get; init; }

    /// <summary>Bound of the whole run. Positive; default 24 hours.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public SimulationOptions Validate()
    {
        Driver.Validate();
        if (MaxConcurrentTraining < 1)
        {
            throw new ArgumentException($"SimulationOptions.MaxConcurrentTraining is {MaxConcurrentTraining}; allowed: at least 1.", nameof(MaxConcurrentTraining));
        }

        if (RunTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SimulationOptions.RunTimeout is {RunTimeout}; allowed: positive.", nameof(RunTimeout));
        }

        Faults.Validate(Driver.Clients.Count, Driver.Rounds);
        AggregatorSettings().Validate();
        return this;
    }

    /// <summary>The server's settings for this run.</summary>
    public AggregatorSettings AggregatorSettings() => new()
    {
        Rounds = Driver.Rounds,
        ClientsPerRound = Driver.ClientsPerRound,
        OverCommit = Driver.OverCommit,
        Seed = Driver.Seed,
        DeadlineMode = DeadlineMode.Simulated,
        RoundDeadline = Driver.RoundDeadline,
        WallTimeout = WallTimeout,
        MinResults = Driver.MinResults,
        BelowMinimum = Driver.BelowMinimum,
        MaxRetries = Driver.MaxRetries,
        ExpectedClients = Driver.Clients.Count,
        EvalMaxSamples = Driver.EvalMaxSamples,
        EvalBatchSize = Driver.EvalBatchSize,
        CheckpointPath = CheckpointPath ?? Driver.CheckpointPath,
        MaxUpdateNorm = Driver.MaxUpdateNorm,
        Resume = Driver.Resume,
        ModelName = ModelName,
        RoundCheckpointed = RoundCheckpointed,
        Fingerprint = Driver.Fingerprint,
        HsicProbe = Driver.HsicProbe,
        Training = Driver.Training,
        CacheBlocks = CacheBlocks,
        Faults = Faults,
    };
}
