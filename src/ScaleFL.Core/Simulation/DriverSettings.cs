using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Data;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Training;

namespace ScaleFL.Core.Simulation;

/// <summary>Everything one simulated run needs. Client <c>i</c> trains on <see cref="ClientData"/>[i].</summary>
public sealed record DriverSettings
{
    /// <summary>Creates the model with its seeded initial weights; called once per run, the driver disposes it.</summary>
    public required Func<StagedModel> ModelFactory { get; init; }

    /// <summary>The method: plan, objective, participation and aggregation.</summary>
    public required MethodDefinition Method { get; init; }

    /// <summary>Which stage each round trains.</summary>
    public required ISchedule Schedule { get; init; }

    /// <summary>Training footprints, which decide who may join a stage.</summary>
    public required IMemoryModel MemoryModel { get; init; }

    /// <summary>The test set every round is evaluated on.</summary>
    public required ImageDataset TestData { get; init; }

    /// <summary>Each client's share of the training set, indexed by client id.</summary>
    public required IReadOnlyList<ClientDataView> ClientData { get; init; }

    /// <summary>The simulated devices; ids must be distinct and index <see cref="ClientData"/>.</summary>
    public required IReadOnlyList<ClientProfile> Clients { get; init; }

    /// <summary>Most rounds to run; a schedule may finish earlier. At least 1.</summary>
    public required int Rounds { get; init; }

    /// <summary>Clients sampled per round from the eligible ones; paper 10. At least 1.</summary>
    public int ClientsPerRound { get; init; } = 10;

    /// <summary>Local training settings.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Seed of client sampling, dropout and local training.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Per-round evaluation uses the first this-many test samples (null: all). The final evaluation always uses all.</summary>
    public int? EvalMaxSamples { get; init; }

    /// <summary>Batch size of evaluation. At least 1.</summary>
    public int EvalBatchSize { get; init; } = 256;

    /// <summary>Called after every round, on the driver's thread.</summary>
    public Action<RoundMetrics>? Progress { get; init; }

    /// <summary>Clock for durations.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>When set, every round measures blocks 0..stage in the nHSIC plane on this probe (<see cref="RoundMetrics.HsicPoints"/>). Default null.</summary>
    public HsicProbe? HsicProbe { get; init; }

    /// <summary>Largest L2 norm of an update's change to the weights it was sent; larger ones are rejected (<see cref="UpdateValidator"/>). Positive; default 1e4.</summary>
    public double MaxUpdateNorm { get; init; } = UpdateValidator.DefaultMaxUpdateNorm;

    /// <summary>When set, the run continues after this checkpoint's round from its weights and schedule history. Default null.</summary>
    public Checkpoint? Resume { get; init; }

    /// <summary>When set, a checkpoint (and the previous one beside it) is written here after every round. Default null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Model catalog name written into checkpoints.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>The experiment's fingerprint text (<c>ExperimentFingerprint.Text</c>) written into checkpoints; empty outside an experiment.</summary>
    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>Fraction of extra clients asked per round. 0 to 10; default 0.</summary>
    public double OverCommit { get; init; }

    /// <summary>Round deadline in simulated seconds: a later update is late and not aggregated. Positive; default 1 hour.</summary>
    public TimeSpan RoundDeadline { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fewest results for a round to change the weights. 0 to <see cref="ClientsPerRound"/>; default 1.</summary>
    public int MinResults { get; init; } = 1;

    /// <summary>What a round below <see cref="MinResults"/> does; default skip.</summary>
    public BelowMinimumPolicy BelowMinimum { get; init; } = BelowMinimumPolicy.Skip;

    /// <summary>Retries under <see cref="BelowMinimumPolicy.Retry"/>. 0 to 100; default 2.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>
    /// Nominal seconds per optimizer step. When set, a client's simulated time is steps x this /
    /// its speed factor, independent of the machine's load, so lateness repeats exactly; when
    /// null, the measured time over its speed factor. Null or positive.
    /// </summary>
    public double? SecondsPerStep { get; init; }

    /// <summary>The round rules these settings imply (simulated deadline), as <see cref="RoundEngine"/> applies them.</summary>
    public RoundRules Rules => new()
    {
        ClientsPerRound = ClientsPerRound,
        OverCommit = OverCommit,
        DeadlineMode = DeadlineMode.Simulated,
        RoundDeadline = RoundDeadline,
        MinResults = MinResults,
        BelowMinimum = BelowMinimum,
        MaxRetries = MaxRetries,
        MaxUpdateNorm = MaxUpdateNorm,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public DriverSettings Validate()
    {
        Training.Validate();
        Require(Rounds >= 1, nameof(Rounds), Rounds, "at least 1");
        Require(ClientsPerRound >= 1, nameof(ClientsPerRound), ClientsPerRound, "at least 1");
        Require(EvalBatchSize >= 1, nameof(EvalBatchSize), EvalBatchSize, "at least 1");
        Require(EvalMaxSamples is null or >= 1, nameof(EvalMaxSamples), EvalMaxSamples, "null or at least 1");
        Require(MaxUpdateNorm > 0, nameof(MaxUpdateNorm), MaxUpdateNorm, "greater than 0");
        Require(OverCommit is >= 0 and <= 10, nameof(OverCommit), OverCommit, "0 to 10");
        Require(RoundDeadline > TimeSpan.Zero, nameof(RoundDeadline), RoundDeadline, "positive");
        Require(MinResults >= 0 && MinResults <= ClientsPerRound, nameof(MinResults), MinResults, $"0 to ClientsPerRound ({ClientsPerRound})");
        Require(MaxRetries is >= 0 and <= 100, nameof(MaxRetries), MaxRetries, "0 to 100");
        Require(SecondsPerStep is null or > 0, nameof(SecondsPerStep), SecondsPerStep, "null or positive");
        Require(Clients.Count >= 1, nameof(Clients), Clients.Count, "at least one client");
        foreach (var client in Clients)
        {
            Require(client.Id >= 0 && client.Id < ClientData.Count, nameof(Clients), client.Id, $"ids 0..{ClientData.Count - 1} (one per client data view)");
            Require(client.SpeedFactor > 0, nameof(ClientProfile.SpeedFactor), client.SpeedFactor, "greater than 0");
            Require(client.DropoutProbability is >= 0 and <= 1, nameof(ClientProfile.DropoutProbability), client.DropoutProbability, "0 to 1");
        }

        var duplicate = Clients.GroupBy(client => client.Id).FirstOrDefault(group => group.Count() > 1);
        Require(duplicate is null, nameof(Clients), duplicate?.Key, "distinct client ids");
        return this;
    }

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException($"DriverSettings.{field} is {value?.ToString() ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
