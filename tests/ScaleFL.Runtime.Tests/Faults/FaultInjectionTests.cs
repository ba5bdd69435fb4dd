using ScaleFL.Core.Faults;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Faults;

[Collection(TorchCollection.Name)]
public sealed class FaultInjectionTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    /// <summary>Every kind once, on its own client; all eight clients are asked every round.</summary>
    private static readonly FaultPlan EveryKind = new(
    [
        new FaultEntry { Kind = FaultKind.Crash, Client = 0, Round = 1 },
        new FaultEntry { Kind = FaultKind.Crash, Client = 1, Round = 2, AfterSteps = 1 },
        new FaultEntry { Kind = FaultKind.Delay, Client = 2, Round = 1, Seconds = 0.05 },
        new FaultEntry { Kind = FaultKind.Drop, Client = 3, Round = 2, LastRound = 2, Fraction = 1 },
        new FaultEntry { Kind = FaultKind.Duplicate, Client = 4, Round = 1 },
        new FaultEntry { Kind = FaultKind.Partition, Client = 5, Round = 1, LastRound = 2 },
        new FaultEntry { Kind = FaultKind.Straggler, Client = 6, Round = 2, SpeedFactor = 0.01 },
        new FaultEntry { Kind = FaultKind.ShrinkBudget, Client = 7, Round = 2, BudgetScale = 0.05 },
    ]);

    [Fact]
    public async Task Run_survives_every_fault_kind_and_counts_each()
    {
        var result = await SimulationHost.RunAsync(Options(EveryKind));

        Assert.Equal([1, 2, 3], result.Rounds.Select(round => round.Round));
        Assert.All(result.Faults.CountsByKind, count => Assert.True(count.Value > 0, $"no {count.Key} injected"));
        var (first, second, third) = (result.Rounds[0], result.Rounds[1], result.Rounds[2]);
        // Round 1: client 0 crashes before training and client 5 is partitioned away; the duplicate of 4 is ignored.
        Assert.Equal([1, 2, 3, 4, 6, 7], first.Metrics.Participants);
        Assert.Equal(2, first.Metrics.Dropped);
        Assert.True(first.Discarded >= 1);
        // Round 2: 1 crashes mid-training, 3's messages are dropped, 5 is still cut off, 6 straggles past the deadline, 7 declines.
        Assert.Equal([0, 2, 4], second.Metrics.Participants);
        Assert.Equal((3, 1, 1), (second.Metrics.Dropped, second.Metrics.Late, second.Declined));
        // Round 3: the crashed clients are back, the partition and the drop are over.
        Assert.Equal([0, 1, 2, 3, 4, 5], third.Metrics.Participants);
        Assert.Equal(2, result.Faults.Events.Count(fault => fault.Kind == FaultKind.Crash));
    }

    [Fact]
    public async Task Same_seed_and_fault_plan_give_identical_rounds_faults_and_weights()
    {
        var first = await SimulationHost.RunAsync(Options(EveryKind));
        var second = await SimulationHost.RunAsync(Options(EveryKind));

        Assert.Equal(first.Rounds.Select(round => round with { Metrics = round.Metrics with { WallSeconds = 0 } }), second.Rounds.Select(round => round with { Metrics = round.Metrics with { WallSeconds = 0 } }));
        Assert.Equal(first.Faults.Events, second.Faults.Events);
        Assert.All(first.FinalWeights, array => Assert.Equal(array.Values, second.FinalWeights[array.Name].Values));
    }

    [Fact]
    public async Task A_stopped_run_has_recorded_the_faults_of_every_round_it_completed()
    {
        using var stop = new CancellationTokenSource();
        var recorded = new List<FaultReport>();
        var options = Options(EveryKind) with
        {
            FaultsRecorded = recorded.Add,
            Progress = round =>
            {
                if (round.Round == 2)
                {
                    stop.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SimulationHost.RunAsync(options, stop.Token));

        Assert.True(recorded.Count >= 2);
        Assert.Equal([1, 2], recorded[1].Events.Select(fault => fault.Round).Distinct().Order());
        Assert.Contains(recorded[1].Events, fault => fault is { Round: 2, Kind: FaultKind.Crash, Client: 1 });
    }

    private SimulationOptions Options(FaultPlan plan) => new()
    {
        Driver = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 3) with
        {
            ClientsPerRound = RuntimeFixture.ClientCount, SecondsPerStep = 1, RoundDeadline = TimeSpan.FromSeconds(100),
        },
        WallTimeout = TimeSpan.FromSeconds(30),
        MaxConcurrentTraining = 2,
        Faults = plan,
    };
}
