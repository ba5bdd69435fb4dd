using Akka.Actor;
using Akka.TestKit;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Server;

[Collection(TorchCollection.Name)]
public sealed class ServerAggregatorTests(RuntimeFixture fixture) : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config), IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Aggregator_discards_a_late_update_and_counts_it()
    {
        var (server, clients) = Start(Settings(), 2);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();

        clients[0].Reply(UpdateFor(tasks[0], 0, simulatedSeconds: 5));
        clients[1].Reply(UpdateFor(tasks[1], 1, simulatedSeconds: 50));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((1, 1, 0, false), (round.Metrics.Completed, round.Metrics.Late, round.Metrics.Dropped, round.Skipped));
        var run = ExpectMsg<RunCompleted>(Wait);
        Assert.Equal(0, run.LateDiscarded);
    }

    [Fact]
    public void Device_leaving_after_the_run_completed_is_no_warning()
    {
        var (server, clients) = Start(Settings(), 2);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();
        clients[0].Reply(UpdateFor(tasks[0], 0, simulatedSeconds: 5));
        clients[1].Reply(UpdateFor(tasks[1], 1, simulatedSeconds: 5));
        ExpectMsg<RoundCompleted>(Wait);
        ExpectMsg<RunCompleted>(Wait);
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));

        // The one-process simulation stops its devices right after the run: that is no fault.
        Sys.Stop(clients[0].Ref);
        AwaitAssert(() => Assert.Equal(1, server.Ask<ServerStatusResponse>(new GetServerStatus(), Wait).Result.RegisteredClients), Wait);

        // The warning, had there been one, was published before the status that no longer counts the device.
        warnings.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Resumed_server_waiting_for_its_devices_to_arrive_is_no_warning()
    {
        using var model = TinyData.Model();
        var resume = new Core.Checkpoints.Checkpoint("tiny", "sbt", 1, 0, Core.Weights.ModuleWeights.Extract(model));
        var server = TestServer.Start(Sys, Settings() with { Rounds = 2, Resume = resume }, fixture.Test);
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));

        // A restarted server starts before its devices come back, as a fresh one does: that is no fault.
        server.Tell(new StartRun());
        AwaitAssert(() => Assert.Equal("AwaitingClients", server.Ask<ServerStatusResponse>(new GetServerStatus(), Wait).Result.State), Wait);

        // The warning, had there been one, was published before the status that says the server waits.
        warnings.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Aggregator_ignores_a_duplicate_a_stale_round_and_a_stale_model_version()
    {
        var (_, clients) = Start(Settings(), 2);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();

        clients[0].Reply(UpdateFor(tasks[0], 0, 1) with { Round = 7 });
        clients[0].Reply(UpdateFor(tasks[0], 0, 1) with { ModelVersion = 3 });
        clients[1].Reply(UpdateFor(tasks[1], 1, 1));
        clients[1].Reply(UpdateFor(tasks[1], 1, 1));
        clients[0].Reply(UpdateFor(tasks[0], 0, 1));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((2, 3, 0), (round.Metrics.Completed, round.Discarded, round.Metrics.Late));
    }

    [Fact]
    public void Aggregator_retries_a_round_below_the_minimum_then_skips_it()
    {
        var (_, clients) = Start(Settings() with { MinResults = 2, BelowMinimum = BelowMinimumPolicy.Retry, MaxRetries = 1 }, 2);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            foreach (var client in clients)
            {
                var task = client.ExpectMsg<TrainStage>(Wait);
                Assert.Equal(attempt, task.Attempt);
                client.Reply(new TaskDeclined(clients.IndexOf(client), task.Round, task.Attempt, "busy"));
            }
        }

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((2, true, 2, 0), (round.Attempts, round.Skipped, round.Declined, round.Metrics.Completed));
        Assert.Null(round.Metrics.Loss);
    }

    [Fact]
    public void Client_that_never_answers_is_counted_as_dropped_when_the_wall_timeout_passes()
    {
        var (_, clients) = Start(Settings() with { WallTimeout = TimeSpan.FromMilliseconds(400) }, 2);
        var task = clients[0].ExpectMsg<TrainStage>(Wait);
        clients[1].ExpectMsg<TrainStage>(Wait);

        clients[0].Reply(UpdateFor(task, 0, 1));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((1, 1, false), (round.Metrics.Completed, round.Metrics.Dropped, round.Skipped));
    }

    [Fact]
    public void Client_still_training_when_the_wall_timeout_passes_is_counted_as_late_not_dropped()
    {
        var (_, clients) = Start(Settings() with { WallTimeout = TimeSpan.FromMilliseconds(400), DeadlineMode = DeadlineMode.WallClock }, 2);
        var task = clients[0].ExpectMsg<TrainStage>(Wait);
        var slow = clients[1].ExpectMsg<TrainStage>(Wait);

        clients[1].Reply(new TrainingStarted(1, slow.Round, slow.Attempt));
        clients[0].Reply(UpdateFor(task, 0, 1));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((1, 1, 0), (round.Metrics.Completed, round.Metrics.Late, round.Metrics.Dropped));
        Assert.Equal(1, clients[1].ExpectMsg<CancelTraining>(Wait).Round);
    }

    [Fact]
    public void Round_whose_every_device_left_is_asked_again_once_devices_are_back_instead_of_recorded()
    {
        var (server, clients) = Start(Settings(), 2);
        clients.ForEach(client => client.ExpectMsg<TrainStage>(Wait));

        clients.ForEach(client => Sys.Stop(client.Ref));
        // Wait for the server to notice, not for a fixed time: it waits for devices once both are gone.
        AwaitAssert(
            () =>
            {
                server.Tell(new GetServerStatus());
                Assert.Equal(0, ExpectMsg<ServerStatusResponse>(Wait).RegisteredClients);
            },
            Wait);
        var back = Enumerable.Range(0, 2).Select(_ => CreateTestProbe()).ToList();
        foreach (var (client, id) in back.Select((client, id) => (client, id)))
        {
            client.Send(server, new RegisterClient(id, 1000, 10, 1, client.Ref));
            client.ExpectMsg<RegisterClientAck>();
        }

        var retried = back.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();
        foreach (var (client, id) in back.Select((client, id) => (client, id)))
        {
            client.Reply(UpdateFor(retried[id], id, 1));
        }

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((1, 2, 2, 0), (round.Metrics.Round, round.Attempts, round.Metrics.Completed, round.Metrics.Dropped));
    }

    [Fact]
    public void Update_arriving_after_its_round_closed_is_counted_as_late()
    {
        var (server, clients) = Start(Settings() with { WallTimeout = TimeSpan.FromMilliseconds(400), Rounds = 2 }, 2);
        var first = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();
        clients[0].Reply(UpdateFor(first[0], 0, 1));
        ExpectMsg<RoundCompleted>(Wait);
        clients[1].ExpectMsg<CancelTraining>(Wait);

        clients[1].Reply(UpdateFor(first[1], 1, 1));
        foreach (var client in clients)
        {
            var task = client.ExpectMsg<TrainStage>(Wait);
            client.Reply(UpdateFor(task, clients.IndexOf(client), 1));
        }

        Assert.Equal(1, ExpectMsg<RoundCompleted>(Wait).Discarded);
        Assert.Equal(1, ExpectMsg<RunCompleted>(Wait).LateDiscarded);
        server.Tell(new GetServerStatus());
        Assert.Equal("Done", ExpectMsg<ServerStatusResponse>().State);
    }

    [Fact]
    public void Task_carries_the_servers_training_settings_objective_batch_order_seed_and_caching()
    {
        var training = RuntimeFixture.Training with { LocalEpochs = 3, LearningRate = 0.2 };
        var (_, clients) = Start(Settings() with { Training = training, CacheBlocks = true, Seed = 5 }, 2);

        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();

        Assert.Equal(
            [new TaskSettings(ObjectiveSpec.CrossEntropy, training, Seeds.ForTraining(5, 1, 0), true), new TaskSettings(ObjectiveSpec.CrossEntropy, training, Seeds.ForTraining(5, 1, 1), true)],
            tasks.Select(task => task.Settings));
    }

    [Fact]
    public void Device_with_data_of_another_shape_is_refused_with_one_line_told_to_it_and_to_subscribers()
    {
        var experiment = new ExperimentSpec("model", fixture.Test.Shape, fixture.Test.ClassCount, "synthetic", "iid", 2, 42, null, "f1");
        var (server, _) = Start(Settings() with { Experiment = experiment }, 0);
        var device = CreateTestProbe();
        var facts = new DeviceFacts(new ImageShape(3, 32, 32), fixture.Test.ClassCount, "f1", []);

        device.Send(server, new GetExperiment());
        Assert.Equal(experiment, device.ExpectMsg<ExperimentResponse>(Wait).Experiment);
        device.Send(server, new RegisterClient(4, 1000, 10, 1, device.Ref) { Facts = facts });

        var reason = $"input shape: the server's model takes {fixture.Test.Shape}; this device's data is 3x32x32";
        Assert.Equal(new RegisterClientRefused(4, reason), device.ExpectMsg<RegisterClientRefused>(Wait));
        Assert.Equal(new ClientRefused(4, reason), ExpectMsg<ClientRefused>(Wait));
        server.Tell(new GetServerStatus());
        Assert.Equal(0, ExpectMsg<ServerStatusResponse>(Wait).RegisteredClients);
    }

    [Fact]
    public void Over_committed_round_that_has_enough_updates_cancels_the_training_of_the_rest()
    {
        var settings = Settings() with { ClientsPerRound = 1, OverCommit = 1, DeadlineMode = DeadlineMode.WallClock };
        var (_, clients) = Start(settings, 2);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();

        clients[0].Reply(UpdateFor(tasks[0], 0, 1));

        Assert.Equal(1, clients[1].ExpectMsg<CancelTraining>(Wait).Round);
        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal((2, 1), (round.Metrics.Selected, round.Metrics.Completed));
        // Nothing more to train: the next word is the end of the run.
        Assert.True(clients[0].ExpectMsg<RunEnded>(Wait).Completed);
    }

    [Fact]
    public void Run_is_reported_complete_once_every_device_acknowledged_that_it_ended()
    {
        var server = TestServer.Start(Sys, Settings(), fixture.Test, runEndedAckWait: TimeSpan.FromMinutes(5));
        server.Tell(new Subscribe(TestActor));
        ExpectMsg<SubscribeAck>();
        var clients = Enumerable.Range(0, 2).Select(_ => CreateTestProbe()).ToList();
        foreach (var (client, id) in clients.Select((client, id) => (client, id)))
        {
            client.Send(server, new RegisterClient(id, 1000, 10, 1, client.Ref));
            client.ExpectMsg<RegisterClientAck>();
        }

        server.Tell(new StartRun());
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();
        foreach (var (client, id) in clients.Select((client, id) => (client, id)))
        {
            client.Reply(UpdateFor(tasks[id], id, 1));
        }

        ExpectMsg<RoundCompleted>(Wait);
        var ended = clients.Select(client => client.ExpectMsg<RunEnded>(Wait)).ToList();
        clients[0].Reply(new RunEndedAck(0));
        // Replies to this test actor come in order: the status before any RunCompleted means the run still waits.
        server.Tell(new GetServerStatus(), TestActor);
        Assert.Equal("Finishing", ExpectMsg<ServerStatusResponse>(Wait).State);
        clients[1].Reply(new RunEndedAck(1));

        Assert.All(ended, end => Assert.True(end.Completed));
        Assert.Equal(1, ExpectMsg<RunCompleted>(Wait).Rounds);
    }

    private static AggregatorSettings Settings() => new()
    {
        Rounds = 1,
        ClientsPerRound = 2,
        ExpectedClients = 2,
        RoundDeadline = TimeSpan.FromSeconds(10),
        WallTimeout = TimeSpan.FromSeconds(10),
        EvalBatchSize = 40,
    };

    private static SubmitUpdate UpdateFor(TrainStage task, int client, double simulatedSeconds) => new(
        client, task.Round, task.Attempt, task.ModelVersion, task.Weights.Where(task.Trainable.Contains), 10, 1.0, 0.1, simulatedSeconds,
        task.RequiredBytes, task.Weights.ByteCount, 0, []);

    private (IActorRef Server, List<TestProbe> Clients) Start(AggregatorSettings settings, int clientCount)
    {
        var server = TestServer.Start(Sys, settings, fixture.Test);
        server.Tell(new Subscribe(TestActor));
        ExpectMsg<SubscribeAck>();
        var clients = Enumerable.Range(0, clientCount).Select(_ => CreateTestProbe()).ToList();
        foreach (var (client, id) in clients.Select((client, id) => (client, id)))
        {
            client.Send(server, new RegisterClient(id, 1000, 10, 1, client.Ref));
            client.ExpectMsg<RegisterClientAck>();
        }

        if (clientCount > 0)
        {
            server.Tell(new StartRun());
        }

        return (server, clients);
    }
}
