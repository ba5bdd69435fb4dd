using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class DriverResumeTests(DriverFixture fixture) : IClassFixture<DriverFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-resume-").FullName;

    [Fact]
    public void Run_stopped_after_round_two_and_resumed_ends_bit_for_bit_like_an_uninterrupted_run()
    {
        var settings = Light(fixture.Settings("scalefl-no-mentor", new SequentialSchedule([2, 2]), rounds: 4));
        var path = Path.Combine(directory, "checkpoint.ckpt");
        var uninterrupted = InProcessDriver.Run(settings, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var stopped = settings with { CheckpointPath = path, Progress = round => { if (round.Round == 2) { stop.Cancel(); } } };
        Assert.ThrowsAny<OperationCanceledException>(() => InProcessDriver.Run(stopped, stop.Token));
        var checkpoint = CheckpointFile.LoadLatestGood(path);
        var resumed = InProcessDriver.Run(settings with { Resume = checkpoint, CheckpointPath = path }, CancellationToken.None);

        Assert.Equal(2, checkpoint.Round);
        Assert.Equal([3, 4], resumed.Rounds.Select(round => round.Round));
        Assert.Equal(uninterrupted.Rounds.Skip(2), resumed.Rounds);
        AssertSameWeights(uninterrupted.FinalWeights, resumed.FinalWeights);
    }

    [Fact]
    public void Updates_above_the_norm_bound_are_rejected_counted_and_leave_the_model_unchanged()
    {
        var settings = Light(fixture.Settings("sbt", new SequentialSchedule([1, 1, 1]), rounds: 1)) with { MaxUpdateNorm = 1e-9 };
        using var model = settings.ModelFactory();
        var initial = ModuleWeights.Extract(model);

        var result = InProcessDriver.Run(settings, CancellationToken.None);

        var round = Assert.Single(result.Rounds);
        Assert.Equal([new RejectionCount("norm-too-large", 4)], round.Rejected);
        Assert.Equal((0, 4), (round.Completed, round.RejectedCount));
        AssertSameWeights(initial, result.FinalWeights);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Two batches per client and round: resuming needs rounds, not learning.</summary>
    private static DriverSettings Light(DriverSettings settings) =>
        settings with { Training = settings.Training with { LocalEpochs = 1, MaxBatchesPerEpoch = 2 } };

    private static void AssertSameWeights(WeightSet expected, WeightSet actual)
    {
        Assert.Equal(expected.Names, actual.Names);
        Assert.All(expected, array => Assert.Equal(array.Values, actual[array.Name].Values));
    }
}
