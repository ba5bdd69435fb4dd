using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Tests.Cluster;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Faults;

/// <summary>The server's fault plan carried out by devices on other cluster nodes (real Akka.Remote on loopback) and reported back.</summary>
[Collection(TorchCollection.Name)]
public sealed class ClusterFaultTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly TrainingExecutor first = new(() => TinyData.Model(), 1);
    private readonly TrainingExecutor second = new(() => TinyData.Model(), 1);

    [Fact]
    public async Task Devices_on_other_nodes_crash_mid_training_duplicate_and_shrink_as_the_server_plan_says()
    {
        await using var server = await LocalCluster.Server();
        await using var nodeA = await LocalCluster.Client(server);
        await using var nodeB = await LocalCluster.Client(server);
        LocalCluster.Device(nodeA, fixture, first, clientId: 0);
        LocalCluster.Device(nodeB, fixture, second, clientId: 1);
        var plan = LocalCluster.Plan(fixture, rounds: 2, clients: 2);
        var faults = new FaultPlan(
        [
            new FaultEntry { Kind = FaultKind.Crash, Client = 0, Round = 1, AfterSteps = 1 },
            new FaultEntry { Kind = FaultKind.Duplicate, Client = 0, Round = 2 },
            new FaultEntry { Kind = FaultKind.ShrinkBudget, Client = 1, Round = 2, BudgetScale = 0.05 },
        ]);
        // One update closes a round (both clients are asked: 100 % over-commit), so the crashed
        // device's silence in round 1 costs nothing and the deadline is never what closes a round.
        plan = plan with { Aggregator = plan.Aggregator with { Faults = faults, ClientsPerRound = 1, OverCommit = 1 } };

        var result = await FederationServer.RunAsync(server.System, plan);

        Assert.Equal([1, 2], result.Rounds.Select(round => round.Round));
        Assert.Equal([1], result.Rounds[0].Metrics.Participants);
        // Round 2: the crashed device is back (re-registered, new cache) and trains; client 1 declines.
        Assert.Equal([0], result.Rounds[1].Metrics.Participants);
        Assert.Equal(
            new Dictionary<string, int> { ["crash"] = 1, ["delay"] = 0, ["drop"] = 0, ["duplicate"] = 1, ["partition"] = 0, ["straggler"] = 0, ["shrink-budget"] = 1 },
            result.Faults.CountsByKind);
        Assert.Equal("crashed after 1 training steps", result.Faults.Events[0].Detail);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }
}
