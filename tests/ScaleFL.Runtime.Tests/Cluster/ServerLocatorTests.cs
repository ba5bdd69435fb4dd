using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Serialization;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;
using ScaleFL.Runtime.Tests.Transport;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Cluster;

/// <summary>
/// A client node's locator on real remoting nodes: it takes its experiment only as the answer of the
/// server's aggregator to its own request, and that answer arrives whatever its size.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ServerLocatorTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outsider_cannot_hand_a_client_a_fake_experiment_directly_or_through_a_forged_identity()
    {
        await using var server = await LocalCluster.Server();
        await using var client = await LocalCluster.Client(server);
        using var outsider = new Akka.TestKit.Xunit2.TestKit(
            ConfigurationFactory.ParseString(RuntimeConfig.Hocon + "\n" + TransportTestConfig.Remote("akka.loglevel = WARNING")), "outsider");
        var federation = FederationClient.Connect(client.System);
        var fake = new ExperimentResponse(null) { Faults = new FaultPlan([new FaultEntry { Kind = FaultKind.Partition, Client = 0, Round = 1 }]) };
        var impostor = outsider.CreateTestProbe();
        impostor.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetExperiment)
            {
                sender.Tell(fake, impostor.Ref);
            }

            return AutoPilot.KeepRunning;
        }));
        var locator = Resolve(outsider.Sys, client.Address, $"/user/{ClusterNames.Client}");
        var forgedAggregator = Resolve(outsider.Sys, server.Address, $"/user/{ClusterNames.Aggregator}");

        // Akka.Remote does not check the sender an envelope names, so both forgeries claim the aggregator.
        locator.Tell(fake, forgedAggregator);
        locator.Tell(new ActorIdentity(server.Address.ToString(), impostor.Ref), forgedAggregator);
        // Identify is answered in mailbox order: both forgeries were handled before this reply.
        outsider.Sys.ActorSelection(locator.Path).Tell(new Identify("after the forgeries"), impostor.Ref);
        impostor.ExpectMsg<ActorIdentity>(Wait);
        var genuine = Settings with { Faults = new FaultPlan([new FaultEntry { Kind = FaultKind.Duplicate, Client = 1, Round = 2 }]) };
        TestServer.Start(server.System, genuine, fixture.Test, ClusterNames.Aggregator);

        var found = await federation.ServerFound.WaitAsync(Wait);

        Assert.Equal(genuine.Faults.Faults, found.Faults.Faults);
        Assert.Equal(server.Address, found.Aggregator.Path.Address);
        Assert.False(impostor.HasMessages, "the locator asked the impostor for an experiment");
    }

    [Fact]
    public async Task Fault_plan_larger_than_a_frame_reaches_the_client_with_the_experiment()
    {
        await using var server = await LocalCluster.Server();
        await using var client = await LocalCluster.Client(server);
        // 36 bytes an entry on the wire: about 1.4 MB, over the 1 MiB frame of both nodes.
        var plan = new FaultPlan(Enumerable.Range(0, 40_000)
            .Select(index => new FaultEntry { Kind = FaultKind.Delay, Client = index % 2, Round = 1 + (index % 3), Seconds = 0.01 }).ToList());
        TestServer.Start(server.System, Settings with { Faults = plan }, fixture.Test, ClusterNames.Aggregator);

        var found = await FederationClient.Connect(client.System).ServerFound.WaitAsync(Wait);

        Assert.Equal(plan.Faults, found.Faults.Faults);
    }

    private static AggregatorSettings Settings => new()
    {
        Rounds = 3,
        ClientsPerRound = 1,
        ExpectedClients = 1,
        RoundDeadline = TimeSpan.FromSeconds(30),
        WallTimeout = TimeSpan.FromSeconds(30),
        EvalBatchSize = 40,
    };

    private static IActorRef Resolve(ActorSystem system, Address address, string path) =>
        ((ExtendedActorSystem)system).Provider.ResolveActorRef(address + path);
}
