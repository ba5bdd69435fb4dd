using Akka.Actor;
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
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cancelled-run-").FullName;

    [Fact]
    public async Task A_run_cancelled_while_a_checkpointed_round_is_unreported_still_reports_it()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 6) with { CheckpointPath = path, ModelName = "tiny" };
        using var stop = new CancellationTokenSource();
        using var roundTwoSaved = new ManualResetEventSlim();
        IActorRef? server = null;
        var (sawRoundTwoSaved, sawServerStop) = (false, false);
        var reported = new List<int>();
        var options = new SimulationOptions
        {
            Driver = settings,
            MaxConcurrentTraining = 2,
            RoundCheckpointed = round =>
            {
                if (round == 2)
                {
                    // The hook runs inside the server, so its Self is the actor a cancelled run's teardown stops.
                    server = ActorCell.GetCurrentSelfOrNoSender();
                    roundTwoSaved.Set();
                }
            },
            Progress = round =>
            {
                reported.Add(round.Round);
                if (round.Round != 1)
                {
                    return;
                }

                // The observer is busy with round 1 while the server saves round 2 and sends it on; the run
                // is cancelled then, and the observer stays busy until the teardown has stopped the server,
                // so the teardown finds round 2 saved and sent but not yet reported.
                sawRoundTwoSaved = roundTwoSaved.Wait(Bound);
                stop.Cancel();
                sawServerStop = server is not null && server.WatchAsync().Wait(Bound);
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SimulationHost.RunAsync(options, stop.Token));

        Assert.True(sawRoundTwoSaved, "round 2 was not checkpointed while round 1 was being reported");
        Assert.True(sawServerStop, "the cancelled run did not stop its server");
        var saved = CheckpointFile.LoadLatestGood(path).Round;
        Assert.True(saved >= 2, $"checkpoint of round {saved}");
        Assert.Equal(Enumerable.Range(1, saved), reported);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
