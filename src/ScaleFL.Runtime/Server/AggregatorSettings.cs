using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// Settings of the <see cref="ServerAggregator"/>. Over-commit rule: the server asks
/// ceil(<see cref="ClientsPerRound"/> x (1 + <see cref="OverCommit"/>)) clients. In
/// <see cref="DeadlineMode.Simulated"/> mode it keeps, of the on-time updates, the
/// <see cref="ClientsPerRound"/> with the smallest simulated seconds (ties: smaller client id);
/// in <see cref="DeadlineMode.WallClock"/> mode the first <see cref="ClientsPerRound"/> to
/// arrive close the round. Kept updates are always aggregated in client-id order.
/// </summary>
public sealed record AggregatorSettings
{
    /// <summary>Most rounds to run; the schedule may finish earlier. At least 1.</summary>
    public required int Rounds { get; init; }

    /// <summary>Updates aggregated per round; paper 10. At least 1.</summary>
    public int ClientsPerRound { get; init; } = 10;

    /// <summary>Fraction of extra clients asked, against stragglers and dropouts. 0 to 10; default 0.</summary>
    public double OverCommit { get; init; }

    /// <summary>Run seed: client sampling here, dropout and local training on the devices.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How lateness is judged; default <see cref="DeadlineMode.Simulated"/>.</summary>
    public DeadlineMode DeadlineMode { get; init; } = DeadlineMode.Simulated;

    /// <summary>The round deadline: simulated seconds or wall-clock time per <see cref="DeadlineMode"/>. Positive; default 1 hour.</summary>
    public TimeSpan RoundDeadline { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Wall-clock bound of every round in both modes, and of each ask to a neighbour times 2. Positive; default 10 minutes.</summary>
    public TimeSpan WallTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Fewest aggregated updates for a round to change the weights. 0 to <see cref="ClientsPerRound"/>; default 1.</summary>
    public int MinResults { get; init; } = 1;

    /// <summary>What a round below <see cref="MinResults"/> does; default <see cref="BelowMinimumPolicy.Skip"/>.</summary>
    public BelowMinimumPolicy BelowMinimum { get; init; } = BelowMinimumPolicy.Skip;

    /// <summary>Retries of a round under <see cref="BelowMinimumPolicy.Retry"/>. 0 to 100; default 2.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Registrations <see cref="AggregatorProtocol.StartRun"/> waits for. At least 0; default 0.</summary>
    public int ExpectedClients { get; init; }

    /// <summary>How long <see cref="AggregatorProtocol.StartRun"/> waits for <see cref="ExpectedClients"/>. Positive; default 1 minute.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the end of the run waits for devices to acknowledge <see cref="Devices.ClientDeviceProtocol.RunEnded"/>
    /// before reporting <see cref="AggregatorProtocol.RunCompleted"/> (a device that misses it takes
    /// the server's departure for a loss and rejoins until its timeout). Positive; default 5 seconds.
    /// </summary>
    public TimeSpan RunEndedAckWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a device holding a client id has to answer when a second device claims that id:
    /// one that answers is running, and the newcomer is refused as a duplicate. Positive; default 3 seconds.
    /// </summary>
    public TimeSpan HolderAnswerWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an ask to the mentor or harmonizer may take. Positive; default 30 seconds.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-round evaluation uses the first this-many test samples (null: all); the final evaluation uses all. Null or at least 1.</summary>
    public int? EvalMaxSamples { get; init; }

    /// <summary>Evaluation batch size. At least 1; default 256.</summary>
    public int EvalBatchSize { get; init; } = 256;

    /// <summary>When set, the global model is checkpointed to this file after every round.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Called with the round's number on the server's actor thread right after that round's checkpoint
    /// is written to <see cref="CheckpointPath"/>, before the mentor or any subscriber hears of the round;
    /// never called without a checkpoint path. A seam for tests of the window between a round's save and
    /// its report (a run stopped there must still report the round); it must return promptly and not throw.
    /// Default null.
    /// </summary>
    public Action<int>? RoundCheckpointed { get; init; }

    /// <summary>Model catalog name written into checkpoints.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>The experiment's fingerprint text (<c>ExperimentFingerprint.Text</c>) written into checkpoints; empty outside an experiment.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>When set, each round's evaluation also measures blocks 0..stage in the nHSIC plane on this probe. Default null.</summary>
    public HsicProbe? HsicProbe { get; init; }

    /// <summary>Largest L2 norm of an update's change to the weights sent; larger updates are rejected (<see cref="UpdateValidator"/>). Positive; default 1e4.</summary>
    public double MaxUpdateNorm { get; init; } = UpdateValidator.DefaultMaxUpdateNorm;

    /// <summary>When set, the run continues after this checkpoint: its weights, round, versions and schedule history. Default null.</summary>
    public Checkpoint? Resume { get; init; }

    /// <summary>
    /// SHA-256 (hex) of the shared join secret; when set, a <see cref="AggregatorProtocol.RegisterClient"/>
    /// whose <c>JoinToken</c> is not a fresh <see cref="Security.JoinProof"/> made with it for that client id
    /// and device address is refused and that device's updates are ignored. Default null (no secret).
    /// </summary>
    public string? JoinSecretHash { get; init; }

    /// <summary>How every device trains (optimizer, epochs, batch size); sent with each task. Default: <see cref="TrainingOptions"/>'s defaults.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// Devices keep the stage's frozen blocks between rounds and are sent only blocks that
    /// changed; sent with each task. Costs the slice's size per device. Default false; a
    /// deployed server follows <see cref="Core.Experiments.ExperimentOptions.CacheBlocks"/>, which is on by default.
    /// </summary>
    public bool CacheBlocks { get; init; }

    /// <summary>
    /// The experiment devices must fit: a registration whose data shape, class count, buildable
    /// models or fingerprint differ is refused (<see cref="DeviceAdmission"/>). Default null: no check.
    /// </summary>
    public ExperimentSpec? Experiment { get; init; }

    /// <summary>
    /// Faults to inject (docs/faults.md), validated by the caller against the run's client count.
    /// The server hands the plan to every device with its experiment (<see cref="AggregatorProtocol.ExperimentResponse"/>);
    /// a device it names runs behind a <see cref="Faults.FaultInjector"/>, which reports each fault back
    /// (<see cref="AggregatorProtocol.FaultInjected"/>). Default none.
    /// </summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>The round rules these settings imply, as Core's <see cref="RoundEngine"/> applies them.</summary>
    public RoundRules Rules => new()
    {
        ClientsPerRound = ClientsPerRound,
        OverCommit = OverCommit,
        DeadlineMode = DeadlineMode,
        RoundDeadline = RoundDeadline,
        MinResults = MinResults,
        BelowMinimum = BelowMinimum,
        MaxRetries = MaxRetries,
        MaxUpdateNorm = MaxUpdateNorm,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public AggregatorSettings Validate()
    {
        Training.Validate();
        Require(Rounds >= 1, nameof(Rounds), Rounds, "at least 1");
        Require(ClientsPerRound >= 1, nameof(ClientsPerRound), ClientsPerRound, "at least 1");
        Require(OverCommit is >= 0 and <= 10, nameof(OverCommit), OverCommit, "0 to 10");
        Require(RoundDeadline > TimeSpan.Zero, nameof(RoundDeadline), RoundDeadline, "positive");
        Require(WallTimeout > TimeSpan.Zero, nameof(WallTimeout), WallTimeout, "positive");
        Require(MinResults >= 0 && MinResults <= ClientsPerRound, nameof(MinResults), MinResults, $"0 to ClientsPerRound ({ClientsPerRound})");
        Require(MaxRetries is >= 0 and <= 100, nameof(MaxRetries), MaxRetries, "0 to 100");
        Require(ExpectedClients >= 0, nameof(ExpectedClients), ExpectedClients, "at least 0");
        Require(RegistrationTimeout > TimeSpan.Zero, nameof(RegistrationTimeout), RegistrationTimeout, "positive");
        Require(HolderAnswerWait > TimeSpan.Zero, nameof(HolderAnswerWait), HolderAnswerWait, "positive");
        Require(RunEndedAckWait > TimeSpan.Zero, nameof(RunEndedAckWait), RunEndedAckWait, "positive");
        Require(AskTimeout > TimeSpan.Zero, nameof(AskTimeout), AskTimeout, "positive");
        Require(EvalMaxSamples is null or >= 1, nameof(EvalMaxSamples), EvalMaxSamples, "null or at least 1");
        Require(MaxUpdateNorm > 0, nameof(MaxUpdateNorm), MaxUpdateNorm, "greater than 0");
        Require(EvalBatchSize >= 1, nameof(EvalBatchSize), EvalBatchSize, "at least 1");
        Require(Enum.IsDefined(DeadlineMode), nameof(DeadlineMode), DeadlineMode, "Simulated or WallClock");
        Require(Enum.IsDefined(BelowMinimum), nameof(BelowMinimum), BelowMinimum, "Skip or Retry");
        return this;
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException($"AggregatorSettings.{field} is {value?.ToString() ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
