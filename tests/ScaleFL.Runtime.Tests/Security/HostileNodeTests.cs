using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Serialization;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;
using ScaleFL.Runtime.Tests.Transport;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Security;

/// <summary>
/// Three remoting nodes on loopback: the server (this test kit), a registered device, and an
/// outsider that speaks the project's serializers and writes the device's path as the sender of
/// its envelopes, which Akka.Remote does not check.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HostileNodeTests(RuntimeFixture fixture) : Akka.TestKit.Xunit2.TestKit(NodeConfig, "server"), IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Config NodeConfig => ConfigurationFactory.ParseString(
        RuntimeConfig.Hocon + "\n" + TransportTestConfig.Remote("akka.loglevel = WARNING\nakka.remote.log-frame-size-exceeding = off"));

    [Fact]
    public async Task Outsider_cannot_forge_updates_dropouts_subscriptions_or_results_nor_stop_the_run()
    {
        using var deviceNode = new Akka.TestKit.Xunit2.TestKit(NodeConfig, "device");
        using var outsiderNode = new Akka.TestKit.Xunit2.TestKit(NodeConfig, "outsider");
        var logs = WatchWarnings();
        var server = TestServer.Start(Sys, Settings, fixture.Test, "aggregator");
        var result = new TaskCompletionSource<SimulationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = Sys.ActorOf(RunObserver.Props(result, null), "observer");
        // Each test kit made here sets the implicit sender of this thread, so senders are explicit.
        server.Tell(new Subscribe(observer), TestActor);
        server.Tell(new Subscribe(TestActor), TestActor);
        ExpectMsg<SubscribeAck>(Wait);
        ExpectMsg<SubscribeAck>(Wait);
        var device = deviceNode.CreateTestProbe();
        device.Send(RefOn(deviceNode.Sys, Sys, server), new RegisterClient(0, 1000, 10, 1, device.Ref));
        var ack = device.ExpectMsg<RegisterClientAck>(Wait);
        server.Tell(new StartRun(), TestActor);
        var task = device.ExpectMsg<TrainStage>(Wait);

        var forgedDevice = RefOn(outsiderNode.Sys, deviceNode.Sys, device.Ref);
        var serverFromOutside = RefOn(outsiderNode.Sys, Sys, server);
        var observerFromOutside = RefOn(outsiderNode.Sys, Sys, observer);
        var eavesdropper = outsiderNode.CreateTestProbe();
        var poisoned = new WeightSet(task.Weights.Where(task.Trainable.Contains).Select(array => array with { Values = [.. array.Values.Select(_ => 3f)] }));
        serverFromOutside.Tell(new DropoutAnnounced(0, task.Round, task.Attempt), forgedDevice);
        BulkTransfer.Send(outsiderNode.Sys, serverFromOutside, UpdateFor(task, poisoned), forgedDevice);
        serverFromOutside.Tell(new Subscribe(eavesdropper.Ref), eavesdropper.Ref);
        serverFromOutside.Tell(PoisonPill.Instance);
        serverFromOutside.Tell(new Status.Failure(new InvalidOperationException("sent by an outsider")));
        observerFromOutside.Tell(new RunFailed(1, "sent by an outsider"));
        BulkTransfer.Send(outsiderNode.Sys, observerFromOutside, new RunCompleted(0, poisoned, 0.999, 0, 1, 0));

        var dropped = AwaitDrops(logs, 5);
        device.Reply(UpdateFor(task, task.Weights.Where(task.Trainable.Contains)) with { Session = ack.Session });

        var round = ExpectMsg<RoundCompleted>(Wait);
        var run = ExpectMsg<RunCompleted>(Wait);
        Assert.Equal([0], round.Metrics.Participants);
        Assert.Equal(0, round.Metrics.Dropped);
        Assert.Equal([new RejectionCount("foreign-sender", 2), new RejectionCount("local-only", 1)], round.Metrics.Rejected);
        Assert.Equal(
            ["DropoutAnnounced", "RunCompleted", "RunFailed", "SubmitUpdate", "Subscribe"],
            dropped.Select(line => line.Split(' ')[1]).Order(StringComparer.Ordinal));
        var observed = await result.Task.WaitAsync(Wait);
        Assert.Single(observed.Rounds);
        Assert.Equal(run.FinalWeights, observed.FinalWeights);
        Assert.All(poisoned, array => Assert.NotEqual(array.Values, run.FinalWeights[array.Name].Values));
        eavesdropper.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private static AggregatorSettings Settings => new()
    {
        Rounds = 1,
        ClientsPerRound = 1,
        ExpectedClients = 1,
        RoundDeadline = TimeSpan.FromSeconds(30),
        WallTimeout = TimeSpan.FromSeconds(30),
        EvalBatchSize = 40,
    };

    private static SubmitUpdate UpdateFor(TrainStage task, WeightSet weights) => new(
        0, task.Round, task.Attempt, task.ModelVersion, weights, 10, 1.0, 0.1, 1, task.RequiredBytes, task.Weights.ByteCount, 0, []);

    /// <summary>A reference, valid on <paramref name="system"/>, to <paramref name="actor"/> of <paramref name="home"/>.</summary>
    private static IActorRef RefOn(ActorSystem system, ActorSystem home, IActorRef actor) =>
        ((ExtendedActorSystem)system).Provider.ResolveActorRef(actor.Path.ToStringWithAddress(((ExtendedActorSystem)home).Provider.DefaultAddress));

    private TestProbe WatchWarnings()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Error));
        return probe;
    }

    /// <summary>The server's "Dropped ..." lines, once <paramref name="count"/> of them were logged.</summary>
    private static List<string> AwaitDrops(TestProbe logs, int count)
    {
        var dropped = new List<string>();
        while (dropped.Count < count)
        {
            var line = logs.ExpectMsg<LogEvent>(Wait).Message.ToString() ?? string.Empty;
            if (line.StartsWith("Dropped", StringComparison.Ordinal))
            {
                dropped.Add(line);
            }
        }

        return dropped;
    }
}
