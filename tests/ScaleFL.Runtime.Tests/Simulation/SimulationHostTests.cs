using System.Diagnostics;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;
using Xunit.Abstractions;

namespace ScaleFL.Runtime.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class SimulationHostTests(RuntimeFixture fixture, ITestOutputHelper output) : IClassFixture<RuntimeFixture>
{
    [Fact]
    public async Task Actor_simulation_reproduces_the_in_process_driver()
    {
        var settings = fixture.Settings("scalefl-no-mentor", new CyclicSchedule(3), rounds: 4);

        var driverClock = Stopwatch.StartNew();
        var expected = InProcessDriver.Run(settings, CancellationToken.None);
        var driverSeconds = driverClock.Elapsed.TotalSeconds;
        var actorClock = Stopwatch.StartNew();
        var actual = await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2 });
        var actorSeconds = actorClock.Elapsed.TotalSeconds;
        output.WriteLine($"in-process {driverSeconds:F2} s, actors {actorSeconds:F2} s");

        Assert.Equal(expected.Rounds.Select(Comparable), actual.ToRunResult().Rounds.Select(Comparable));
        Assert.Equal(expected.FinalEvaluation, actual.FinalEvaluation);
        Assert.All(expected.FinalWeights, array => Assert.Equal(array.Values, actual.FinalWeights[array.Name].Values));
    }

    [Fact]
    public async Task Same_seed_gives_identical_rounds_with_dropouts_stragglers_and_over_commit()
    {
        var budgets = Enumerable.Repeat(1000L, RuntimeFixture.ClientCount).ToList();
        var clients = budgets.Select((budget, id) => new ClientProfile(id, budget, SpeedFactor: id % 2 == 0 ? 1.0 : 0.25, DropoutProbability: 0.25)).ToList();
        var options = new SimulationOptions
        {
            Driver = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 3) with
            {
                Clients = clients, OverCommit = 0.5, SecondsPerStep = 1, RoundDeadline = TimeSpan.FromSeconds(4),
            },
            WallTimeout = TimeSpan.FromSeconds(20),
            MaxConcurrentTraining = 2,
        };

        var first = await SimulationHost.RunAsync(options);
        var second = await SimulationHost.RunAsync(options);

        Assert.Equal(first.Rounds.Select(round => round with { Metrics = round.Metrics with { WallSeconds = 0 } }), second.Rounds.Select(round => round with { Metrics = round.Metrics with { WallSeconds = 0 } }));
        Assert.All(first.FinalWeights, array => Assert.Equal(array.Values, second.FinalWeights[array.Name].Values));
        Assert.Contains(first.Rounds, round => round.Metrics.Late > 0);
        Assert.Contains(first.Rounds, round => round.Metrics.Dropped > 0);
        Assert.All(first.Rounds, round => Assert.Equal(6, round.Metrics.Selected));
    }

    [Fact]
    public async Task Inline_and_actor_engines_give_identical_rounds_under_over_commit_deadline_and_dropouts()
    {
        var clients = Enumerable.Range(0, RuntimeFixture.ClientCount)
            .Select(id => new ClientProfile(id, 1000, SpeedFactor: id % 2 == 0 ? 1.0 : 0.25, DropoutProbability: 0.25)).ToList();
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 3) with
        {
            Clients = clients, OverCommit = 0.5, SecondsPerStep = 1, RoundDeadline = TimeSpan.FromSeconds(4),
        };

        var expected = InProcessDriver.Run(settings, CancellationToken.None);
        var actual = await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2, WallTimeout = TimeSpan.FromSeconds(20) });

        Assert.Equal(expected.Rounds.Select(Measured), actual.ToRunResult().Rounds.Select(Measured));
        Assert.All(expected.FinalWeights, array => Assert.Equal(array.Values, actual.FinalWeights[array.Name].Values));
        Assert.Contains(expected.Rounds, round => round.Late > 0);
        Assert.Contains(expected.Rounds, round => round.Dropped > 0);
        Assert.All(expected.Rounds, round => Assert.Equal(6, round.Selected));
    }

    [Fact]
    public async Task Inline_and_actor_engines_give_identical_rounds_when_updates_are_rejected_and_the_round_retried()
    {
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 2) with
        {
            MaxUpdateNorm = 1e-9, MinResults = 1, BelowMinimum = BelowMinimumPolicy.Retry, MaxRetries = 1,
        };

        var expected = InProcessDriver.Run(settings, CancellationToken.None);
        var actual = await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2, WallTimeout = TimeSpan.FromSeconds(20) });

        Assert.Equal(expected.Rounds.Select(Measured), actual.ToRunResult().Rounds.Select(Measured));
        Assert.All(actual.Rounds, round => Assert.Equal((2, true, 0, 0), (round.Attempts, round.Skipped, round.Metrics.Completed, round.Metrics.Dropped)));
        Assert.All(expected.Rounds, round => Assert.Equal([new RejectionCount("norm-too-large", 8)], round.Rejected));
        Assert.All(expected.FinalWeights, array => Assert.Equal(array.Values, actual.FinalWeights[array.Name].Values));
    }

    /// <summary>Everything but the measured times; simulated seconds are nominal here, so they compare too.</summary>
    private static RoundMetrics Measured(RoundMetrics round) => round with { WallSeconds = 0, TrainSeconds = 0 };

    private static RoundMetrics Comparable(RoundMetrics round) => round with { WallSeconds = 0, TrainSeconds = 0, SimulatedSeconds = 0 };
}
