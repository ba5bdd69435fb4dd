using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class ResumeEqualityTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-actor-resume-").FullName;

    [Fact]
    public async Task Actor_run_stopped_after_round_two_and_resumed_ends_bit_for_bit_like_an_uninterrupted_run()
    {
        var settings = fixture.Settings("scalefl-no-mentor", new SequentialSchedule([2, 2]), rounds: 4);
        var path = Path.Combine(directory, "checkpoint.ckpt");
        var uninterrupted = await SimulationHost.RunAsync(Options(settings));

        using var stop = new CancellationTokenSource();
        var stopping = Options(settings with { CheckpointPath = path, ModelName = "tiny" }) with
        {
            Progress = round => { if (round.Round == 2) { stop.Cancel(); } },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SimulationHost.RunAsync(stopping, stop.Token));
        var checkpoint = CheckpointFile.LoadLatestGood(path);
        var resumed = await SimulationHost.RunAsync(Options(settings with { Resume = checkpoint, CheckpointPath = path }));

        Assert.InRange(checkpoint.Round, 2, 3);
        Assert.Equal(Enumerable.Range(checkpoint.Round + 1, 4 - checkpoint.Round), resumed.Rounds.Select(round => round.Round));
        AssertSameWeights(uninterrupted.FinalWeights, resumed.FinalWeights);
        Assert.Equal(uninterrupted.FinalEvaluation, resumed.FinalEvaluation);
    }

    [Fact]
    public void Inline_checkpoint_carries_the_schedule_history_and_keeps_the_previous_round()
    {
        var settings = fixture.Settings("sbt", new SequentialSchedule([1, 1]), rounds: 2) with { CheckpointPath = Path.Combine(directory, "inline.ckpt") };

        InProcessDriver.Run(settings, CancellationToken.None);
        var checkpoint = CheckpointFile.Load(settings.CheckpointPath!);

        Assert.Equal([0, 1], checkpoint.History.Select(record => record.Stage));
        Assert.Equal(1, CheckpointFile.Load(CheckpointFile.PreviousPath(settings.CheckpointPath!)).Round);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static SimulationOptions Options(DriverSettings driver) => new() { Driver = driver, MaxConcurrentTraining = 2 };

    private static void AssertSameWeights(WeightSet expected, WeightSet actual)
    {
        Assert.Equal(expected.Names, actual.Names);
        Assert.All(expected, array => Assert.Equal(array.Values, actual[array.Name].Values));
    }
}
