using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Simulation;

/// <summary>
/// A cancelled actor run reports every round it checkpointed: the server saves a round before the
/// observer hears of it, and the CLI writes metrics.csv from what the observer reports, so a round
/// saved but never reported would leave a checkpoint ahead of metrics.csv that --resume of a
/// <c>compare</c> refuses (and a gap in a resumed <c>simulate</c>'s metrics.csv).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CancelledRunTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cancelled-run-").FullName;

    [Fact]
    public async Task A_run_cancelled_while_a_checkpointed_round_is_unreported_still_reports_it()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 6) with { CheckpointPath = path, ModelName = "tiny" };
        using var stop = new CancellationTokenSource();
        var reported = new List<int>();
        var options = new SimulationOptions
        {
            Driver = settings,
            MaxConcurrentTraining = 2,
            Progress = round =>
            {
                reported.Add(round.Round);
                if (round.Round == 1)
                {
                    // The server goes on while its observer is busy here: round 2 is saved, not yet reported, when the run is cancelled.
                    for (var polls = 0; polls < 3000 && CheckpointFile.LoadLatestGood(path).Round < 2; polls++)
                    {
                        Thread.Sleep(20);
                    }

                    stop.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SimulationHost.RunAsync(options, stop.Token));

        var saved = CheckpointFile.LoadLatestGood(path).Round;
        Assert.True(saved >= 2, $"checkpoint of round {saved}");
        Assert.Equal(Enumerable.Range(1, saved), reported);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
