using Akka.Actor;
using Akka.TestKit;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Server;

[Collection(TorchCollection.Name)]
public sealed class ServerAggregatorGuardTests(RuntimeFixture fixture) : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config), IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Aggregator_rejects_and_counts_NaN_Inf_wrong_shape_unknown_name_huge_and_stale_updates()
    {
        var clients = Start(Settings(5), 5);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();
        var initial = tasks[0].Weights;

        clients[0].Reply(UpdateFor(tasks[0], 0, Poke(tasks[0], float.NaN)) with { ModelVersion = 7 });
        clients[0].Reply(UpdateFor(tasks[0], 0, Poke(tasks[0], float.NaN)));
        clients[1].Reply(UpdateFor(tasks[1], 1, Poke(tasks[1], float.PositiveInfinity)));
        clients[2].Reply(UpdateFor(tasks[2], 2, Trained(tasks[2]).Select((array, i) => i == 0 ? array with { Shape = [1, array.Values.Length] } : array)));
        clients[3].Reply(UpdateFor(tasks[3], 3, Trained(tasks[3]).Select((array, i) => i == 0 ? array with { Name = "blocks.9.made.up" } : array)));
        clients[4].Reply(UpdateFor(tasks[4], 4, Poke(tasks[4], 1e6f)));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal(
            [new RejectionCount("norm-too-large", 1), new RejectionCount("not-finite", 2), new RejectionCount("stale-version", 1),
             new RejectionCount("unknown-name", 1), new RejectionCount("wrong-shape", 1)],
            round.Metrics.Rejected);
        Assert.Equal((0, 0), (round.Metrics.Completed, round.Metrics.Dropped));
        var run = ExpectMsg<RunCompleted>(Wait);
        Assert.True(run.FinalWeights.IsFinite);
        Assert.All(initial, array => Assert.Equal(array.Values, run.FinalWeights[array.Name].Values));
    }

    [Fact]
    public void Registered_device_cannot_leave_out_an_array_misstate_its_samples_or_push_one_weight_far_and_the_run_completes()
    {
        var clients = Start(Settings(5) with { MaxUpdateNorm = UpdateValidator.DefaultMaxUpdateNorm }, 5);
        var tasks = clients.Select(client => client.ExpectMsg<TrainStage>(Wait)).ToList();

        clients[0].Reply(UpdateFor(tasks[0], 0, Nudged(tasks[0]).Skip(1)));
        clients[1].Reply(UpdateFor(tasks[1], 1, Nudged(tasks[1])) with { SampleCount = -5 });
        clients[2].Reply(UpdateFor(tasks[2], 2, Nudged(tasks[2]).Select(array => array with { Values = new float[array.Values.Length] })) with { SampleCount = int.MaxValue });
        clients[3].Reply(UpdateFor(tasks[3], 3, Nudged(tasks[3]).Select((array, i) => i == 0 ? array with { Values = [array.Values[0] + 9999, .. array.Values.Skip(1)] } : array)));
        clients[4].Reply(UpdateFor(tasks[4], 4, Nudged(tasks[4])));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal([new RejectionCount("bad-sample-count", 2), new RejectionCount("missing-array", 1), new RejectionCount("norm-outlier", 1)], round.Metrics.Rejected);
        Assert.Equal([4], round.Metrics.Participants);
        var run = ExpectMsg<RunCompleted>(Wait);
        Assert.All(Nudged(tasks[4]), array => Assert.Equal(array.Values, run.FinalWeights[array.Name].Values));
    }

    [Fact]
    public void Client_without_the_join_secret_is_refused_and_its_update_is_rejected_as_foreign()
    {
        var settings = Settings(1) with { ClientsPerRound = 1, JoinSecretHash = JoinSecret.Token("s3cret") };
        var server = Server(settings);
        var member = CreateTestProbe();
        var intruder = CreateTestProbe();

        intruder.Send(server, new RegisterClient(1, 1000, 10, 1, intruder.Ref));
        intruder.ExpectMsg<RegisterClientRefused>(Wait);
        member.Send(server, new RegisterClient(0, 1000, 10, 1, member.Ref) { JoinToken = ProofFor(member, 0, "s3cret") });
        member.ExpectMsg<RegisterClientAck>(Wait);
        server.Tell(new GetServerStatus());
        Assert.Equal(1, ExpectMsg<ServerStatusResponse>(Wait).RegisteredClients);
        server.Tell(new StartRun());
        var task = member.ExpectMsg<TrainStage>(Wait);
        intruder.Send(server, UpdateFor(task, 1, Poke(task, 0.5f)));
        member.Reply(UpdateFor(task, 0, Trained(task)));

        var round = ExpectMsg<RoundCompleted>(Wait);
        Assert.Equal([0], round.Metrics.Participants);
        Assert.Equal([new RejectionCount("foreign-sender", 1)], round.Metrics.Rejected);
        intruder.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_captured_registration_replayed_from_another_device_or_again_is_refused()
    {
        var server = Server(Settings(2) with { JoinSecretHash = JoinSecret.Token("s3cret") });
        var member = CreateTestProbe();
        var eavesdropper = CreateTestProbe();
        var captured = new RegisterClient(0, 1000, 10, 1, member.Ref) { JoinToken = ProofFor(member, 0, "s3cret") };
        member.Send(server, captured);
        member.ExpectMsg<RegisterClientAck>(Wait);

        // Sent as captured, and with the eavesdropper's own device: the proof names the member's address.
        eavesdropper.Send(server, captured with { ClientId = 1, Device = eavesdropper.Ref });
        var elsewhere = eavesdropper.ExpectMsg<RegisterClientRefused>(Wait);
        member.Send(server, captured);
        var again = member.ExpectMsg<RegisterClientRefused>(Wait);

        Assert.Contains("another client id or node address", elsewhere.Reason, StringComparison.Ordinal);
        Assert.Contains("already used", again.Reason, StringComparison.Ordinal);
        // The token a device used to send (the secret's SHA-256) admits no one any more.
        eavesdropper.Send(server, new RegisterClient(1, 1000, 10, 1, eavesdropper.Ref) { JoinToken = JoinSecret.Token("s3cret") });
        Assert.Contains("wrong or missing join secret", eavesdropper.ExpectMsg<RegisterClientRefused>(Wait).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_hands_out_its_fault_plan_and_publishes_only_planned_faults_of_registered_devices()
    {
        var plan = new FaultPlan([new FaultEntry { Kind = FaultKind.Duplicate, Client = 0, Round = 1 }]);
        var server = Server(Settings(2) with { Faults = plan });
        var (planned, other, intruder) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        planned.Send(server, new RegisterClient(0, 1000, 10, 1, planned.Ref));
        planned.ExpectMsg<RegisterClientAck>(Wait);
        other.Send(server, new RegisterClient(1, 1000, 10, 1, other.Ref));
        other.ExpectMsg<RegisterClientAck>(Wait);

        intruder.Send(server, new GetExperiment());
        Assert.Equal(plan.Faults, intruder.ExpectMsg<ExperimentResponse>(Wait).Faults.Faults);
        intruder.Send(server, new FaultInjected(0, 1, FaultKind.Duplicate, "forged"));
        other.Send(server, new FaultInjected(1, 1, FaultKind.Duplicate, "not its fault"));
        planned.Send(server, new FaultInjected(0, 1, FaultKind.Crash, "not in the plan"));
        planned.Send(server, new FaultInjected(0, 1, FaultKind.Duplicate, new string('x', 5000)));

        // The server handles the reports in the order sent, so a published bad one would arrive first.
        var published = ExpectMsg<FaultInjected>(Wait);
        Assert.Equal((0, FaultKind.Duplicate, MaxFaultDetail), (published.ClientId, published.Kind, published.Detail.Length));
    }

    private string ProofFor(TestProbe device, int clientId, string secret) =>
        JoinProof.Create(JoinSecret.Token(secret), clientId, JoinProof.Binding(Sys, device.Ref), DateTimeOffset.UtcNow);

    private static AggregatorSettings Settings(int clients) => new()
    {
        Rounds = 1,
        ClientsPerRound = clients,
        ExpectedClients = clients,
        RoundDeadline = TimeSpan.FromSeconds(10),
        WallTimeout = TimeSpan.FromSeconds(10),
        EvalBatchSize = 40,
        MaxUpdateNorm = 1e3,
    };

    private static WeightSet Trained(TrainStage task) => task.Weights.Where(task.Trainable.Contains);

    /// <summary>The trained arrays moved by 0.01 everywhere: an honest update's small change.</summary>
    private static IEnumerable<NamedArray> Nudged(TrainStage task) => Trained(task).Select(array => array with { Values = [.. array.Values.Select(value => value + 0.01f)] });

    /// <summary>The trained arrays with the first value of the first one replaced by <paramref name="value"/>.</summary>
    private static IEnumerable<NamedArray> Poke(TrainStage task, float value) => Trained(task).Select((array, i) =>
        i == 0 ? array with { Values = [value, .. array.Values.Skip(1)] } : array);

    private static SubmitUpdate UpdateFor(TrainStage task, int client, IEnumerable<NamedArray> weights) => new(
        client, task.Round, task.Attempt, task.ModelVersion, new WeightSet(weights), 10, 1.0, 0.1, 1, task.RequiredBytes, task.Weights.ByteCount, 0, []);

    private IActorRef Server(AggregatorSettings settings)
    {
        var server = TestServer.Start(Sys, settings, fixture.Test);
        server.Tell(new Subscribe(TestActor));
        ExpectMsg<SubscribeAck>();
        return server;
    }

    private List<TestProbe> Start(AggregatorSettings settings, int clientCount)
    {
        var server = Server(settings);
        var clients = Enumerable.Range(0, clientCount).Select(_ => CreateTestProbe()).ToList();
        foreach (var (client, id) in clients.Select((client, id) => (client, id)))
        {
            client.Send(server, new RegisterClient(id, 1000, 10, 1, client.Ref));
            client.ExpectMsg<RegisterClientAck>();
        }

        server.Tell(new StartRun());
        return clients;
    }
}
