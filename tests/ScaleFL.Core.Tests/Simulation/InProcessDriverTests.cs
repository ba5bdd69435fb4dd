using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class InProcessDriverTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Fact]
    public void Block_wise_run_learns_well_above_chance()
    {
        var seen = new List<RoundMetrics>();
        var settings = fixture.Settings("scalefl-no-mentor", new SequentialSchedule([2, 2, 3]), rounds: 10)
            with { Progress = seen.Add };

        var result = InProcessDriver.Run(settings, CancellationToken.None);

        Assert.Equal([0, 0, 1, 1, 2, 2, 2], result.Rounds.Select(round => round.Stage));
        Assert.Equal(result.Rounds, seen);
        Assert.Equal(80, result.FinalEvaluation.Samples);
        Assert.True(result.FinalEvaluation.Accuracy > 0.6, $"final accuracy {result.FinalEvaluation.Accuracy}; rounds {string.Join(", ", result.Rounds.Select(r => $"{r.Stage}:{r.Accuracy:F2}/{r.Loss:F2}/{r.TestLoss:F2}"))}");
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_weights()
    {
        var settings = fixture.Settings("scalefl-no-mentor", new CyclicSchedule(3), rounds: 3);

        var first = InProcessDriver.Run(settings, CancellationToken.None);
        var second = InProcessDriver.Run(settings, CancellationToken.None);

        Assert.Equal(first.Rounds, second.Rounds);
        Assert.All(first.FinalWeights, array => Assert.Equal(array.Values, second.FinalWeights[array.Name].Values));
    }

    [Fact]
    public void Round_without_eligible_clients_leaves_the_weights_unchanged()
    {
        var settings = fixture.Settings("sbt", new SequentialSchedule([1, 1, 1]), rounds: 1)
            with { MemoryModel = new FakeMemoryModel([100, 5000, 100], 5000) };

        var oneRound = InProcessDriver.Run(settings, CancellationToken.None);
        var twoRounds = InProcessDriver.Run(settings with { Rounds = 2 }, CancellationToken.None);

        var empty = twoRounds.Rounds[1];
        Assert.Equal((1, 0, 0, 0, (double?)null), (empty.Stage, empty.Eligible, empty.Selected, empty.Completed, empty.Loss));
        Assert.All(oneRound.FinalWeights, array => Assert.Equal(array.Values, twoRounds.FinalWeights[array.Name].Values));
    }

    [Fact]
    public void Participation_follows_each_stages_footprint_and_footprints_are_cached()
    {
        var memory = new FakeMemoryModel([800, 400, 200], 850);
        var budgets = new long[] { 100, 300, 500, 900, 100, 100, 100, 100 };
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 6) with
        {
            MemoryModel = memory,
            Clients = ClientProfile.FromBudgets(budgets),
            Training = new TrainingOptions { BatchSize = 16, MaxBatchesPerEpoch = 1 },
            EvalMaxSamples = 20,
        };

        var blockwise = InProcessDriver.Run(settings, CancellationToken.None);
        var exclusive = InProcessDriver.Run(settings with { Method = MethodCatalog.Create("fedavg-exclusive", new CrossEntropyObjectiveFactory()) }, CancellationToken.None);

        Assert.Equal([1, 2, 3, 1, 2, 3], blockwise.Rounds.Select(round => round.Eligible));
        Assert.All(exclusive.Rounds, round => Assert.Equal(1, round.Eligible));
        Assert.Equal(4 + 1, memory.Calls);
    }

    [Fact]
    public void Dropped_clients_send_nothing_and_change_nothing()
    {
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 2) with
        {
            Clients = ClientProfile.FromBudgets(Enumerable.Repeat(1000L, DriverFixture.ClientCount).ToList(), dropoutProbability: 1.0),
        };
        using var model = settings.ModelFactory();
        var initial = ModuleWeights.Extract(model);

        var result = InProcessDriver.Run(settings, CancellationToken.None);

        Assert.All(result.Rounds, round => Assert.Equal((4, 0, 4, 0L), (round.Selected, round.Completed, round.Dropped, round.BytesUp)));
        Assert.All(initial, array => Assert.Equal(array.Values, result.FinalWeights[array.Name].Values));
    }

    [Fact]
    public void Traffic_counts_the_stage_slice_down_and_the_trained_arrays_up()
    {
        var settings = fixture.Settings("scalefl-no-mentor", new CyclicSchedule(3), rounds: 2)
            with { Training = new TrainingOptions { BatchSize = 16, MaxBatchesPerEpoch = 1 } };
        using var model = settings.ModelFactory();
        var weights = ModuleWeights.Extract(model);
        var stage1 = CoAdaptationPlan.ForStage(model, 1, coAdapt: true);

        var round = InProcessDriver.Run(settings, CancellationToken.None).Rounds[1];

        Assert.Equal(4 * StageSlice.Of(weights, stage1).ByteCount, round.BytesDown);
        Assert.Equal(4 * weights.Where(stage1.Contains).ByteCount, round.BytesUp);
        Assert.True(round.BytesUp < round.BytesDown);
    }
}
