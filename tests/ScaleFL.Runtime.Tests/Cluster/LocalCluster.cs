using Akka.Actor;
using Akka.Configuration;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Cluster;

/// <summary>
/// Cluster nodes on loopback with OS-chosen ports, tuned to notice a lost node in about three
/// seconds instead of twenty, and the tiny model's server plan and client devices.
/// </summary>
internal static class LocalCluster
{
    public static Config Fast { get; } = ConfigurationFactory.ParseString("""
        scalefl.downing.down-unreachable-after = 1s
        akka.cluster {
          failure-detector {
            heartbeat-interval = 250ms
            acceptable-heartbeat-pause = 1500ms
          }
          gossip-interval = 250ms
          leader-actions-interval = 250ms
          unreachable-nodes-reaper-interval = 250ms
          periodic-tasks-initial-delay = 0s
        }
        """);

    /// <summary>A node that dies without leaving when its system is terminated, like a killed process.</summary>
    public static Config Crashable { get; } = ConfigurationFactory.ParseString("""
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster.run-coordinated-shutdown-when-down = off
        """).WithFallback(Fast);

    public static Task<ClusterNode> Server() =>
        ClusterNode.StartAsync(new NodeOptions { Roles = [ClusterNames.ServerRole], Config = Fast });

    public static Task<ClusterNode> Client(ClusterNode server, Config? config = null) =>
        ClusterNode.StartAsync(new NodeOptions { Roles = [ClusterNames.ClientRole], SeedNodes = [server.SeedAddress], Config = config ?? Fast });

    public static MethodDefinition Method { get; } = MethodCatalog.Create("scalefl-no-mentor", new CrossEntropyObjectiveFactory());

    public static ServerPlan Plan(RuntimeFixture fixture, int rounds, int clients) => new()
    {
        ModelFactory = () => TinyData.Model(seed: 1),
        Method = Method,
        Schedule = new CyclicSchedule(3),
        MemoryModel = new FakeMemoryModel([100, 100, 100], 100),
        TestData = fixture.Test,
        Aggregator = new AggregatorSettings
        {
            Training = RuntimeFixture.Training,
            Rounds = rounds,
            ClientsPerRound = clients,
            ExpectedClients = clients,
            DeadlineMode = DeadlineMode.WallClock,
            RoundDeadline = TimeSpan.FromSeconds(20),
            WallTimeout = TimeSpan.FromSeconds(30),
            EvalBatchSize = 40,
        },
        ClientWait = TimeSpan.FromSeconds(20),
        RunTimeout = TimeSpan.FromSeconds(45),
    };

    public static FederationClient Device(ClusterNode node, RuntimeFixture fixture, TrainingExecutor executor, int clientId, long budget = 1000) =>
        FederationClient.Start(
            node.System,
            new ClientDeviceSettings { ClientId = clientId, BudgetBytes = budget },
            fixture.ClientData[clientId],
            executor);

    /// <summary>The device actor a client started, resolved on its own node once the server acknowledged its registration.</summary>
    public static async Task<IActorRef> DeviceRef(ClusterNode node, FederationClient client)
    {
        await client.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        return await node.System.ActorSelection($"/user/{ClusterNames.Client}/{ClusterNames.Device}").ResolveOne(TimeSpan.FromSeconds(5));
    }
}
