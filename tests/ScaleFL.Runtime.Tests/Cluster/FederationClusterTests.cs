using System.Diagnostics;
using Akka.Actor;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Tests.TestModels;
using Xunit.Abstractions;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Cluster;

[Collection(TorchCollection.Name)]
public sealed class FederationClusterTests(RuntimeFixture fixture, ITestOutputHelper output) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly TrainingExecutor first = new(() => TinyData.Model(), 1);
    private readonly TrainingExecutor second = new(() => TinyData.Model(), 1);

    [Fact]
    public async Task Two_client_nodes_register_and_train_two_rounds_on_the_server_node()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await LocalCluster.Server();
        await using var clientA = await LocalCluster.Client(server);
        await using var clientB = await LocalCluster.Client(server);
        LocalCluster.Device(clientA, fixture, first, clientId: 0);
        LocalCluster.Device(clientB, fixture, second, clientId: 1);
        using var initial = TinyData.Model(seed: 1);
        var before = ModuleWeights.Extract(initial);

        var result = await FederationServer.RunAsync(server.System, LocalCluster.Plan(fixture, rounds: 2, clients: 2));
        output.WriteLine($"three nodes, two rounds: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal([1, 2], result.Rounds.Select(round => round.Round));
        Assert.All(result.Rounds, round => Assert.Equal((2, 2, 2, 0), (round.Metrics.Eligible, round.Metrics.Selected, round.Metrics.Completed, round.Metrics.Dropped)));
        Assert.Contains(before, array => !array.Values.SequenceEqual(result.FinalWeights[array.Name].Values));
    }

    [Fact]
    public async Task Client_over_budget_declines_a_task_from_its_server_over_the_network_and_ignores_one_without_the_session()
    {
        await using var server = await LocalCluster.Server();
        await using var client = await LocalCluster.Client(server);
        var declined = new TaskCompletionSource<TaskDeclined>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.System.ActorOf(Akka.Actor.Props.Create(() => new DecliningTaskSender(declined)), ClusterNames.Aggregator);

        var device = LocalCluster.Device(client, fixture, first, clientId: 3, budget: 50);
        var answer = await declined.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((3, 2), (answer.ClientId, answer.Round));
        Assert.Contains("memory budget 50 bytes is below the stage's 100 bytes", answer.Reason, StringComparison.Ordinal);
        Assert.True(device.ServerFound.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Client_node_that_crashes_mid_round_is_a_dropout_and_leaves_the_registry()
    {
        await using var server = await LocalCluster.Server();
        await using var steady = await LocalCluster.Client(server);
        await using var doomed = await LocalCluster.Client(server, LocalCluster.Crashable);
        LocalCluster.Device(steady, fixture, first, clientId: 0);
        // Its executor never gets a model: the device is still training when the node is killed.
        using var stalled = new ManualResetEventSlim();
        using var stalledExecutor = new TrainingExecutor(
            () =>
            {
                stalled.Wait(TimeSpan.FromSeconds(60));
                return TinyData.Model();
            },
            1);
        var doomedClient = LocalCluster.Device(doomed, fixture, stalledExecutor, clientId: 1);
        var plan = LocalCluster.Plan(fixture, rounds: 2, clients: 2);
        // Round 2 waits this long for the lost device to come back, then goes on with one.
        plan = plan with { Aggregator = plan.Aggregator with { RegistrationTimeout = TimeSpan.FromSeconds(1) } };

        var run = FederationServer.RunAsync(server.System, plan);
        await doomedClient.ServerFound.WaitAsync(TimeSpan.FromSeconds(20));
        var device = await LocalCluster.DeviceRef(doomed, doomedClient);
        await WaitUntilTrainingAsync(device);
        await doomed.System.Terminate();
        var result = await run;
        stalled.Set();
        var status = await server.System.ActorSelection(ClusterNames.AggregatorPath).Ask<ServerStatusResponse>(new GetServerStatus(), TimeSpan.FromSeconds(5));

        Assert.Equal(2, result.Rounds.Count);
        Assert.Equal((2, 1, 1), (result.Rounds[0].Metrics.Selected, result.Rounds[0].Metrics.Completed, result.Rounds[0].Metrics.Dropped));
        Assert.Equal(1, result.Rounds[1].Metrics.Completed);
        Assert.Equal(1, status.RegisteredClients);
    }

    [Fact]
    public async Task Client_with_an_unreachable_seed_is_not_up_after_its_join_timeout()
    {
        var deadPort = FreePort();
        await using var client = await ClusterNode.StartAsync(new NodeOptions
        {
            Roles = [ClusterNames.ClientRole],
            SeedNodes = [$"akka.tcp://{ClusterNames.SystemName}@127.0.0.1:{deadPort}"],
            Config = LocalCluster.Fast,
        });

        var up = await client.WaitUntilUpAsync(TimeSpan.FromSeconds(2));

        Assert.False(up);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }

    private static async Task WaitUntilTrainingAsync(IActorRef device)
    {
        var deadline = Stopwatch.StartNew();
        while (!(await device.Ask<DeviceStatusResponse>(new GetDeviceStatus(), TimeSpan.FromSeconds(5))).Training)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the device never started training");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stands in for the aggregator: acknowledges the registration, then asks for a stage costing 100 bytes.</summary>
    private sealed class DecliningTaskSender : ReceiveActor
    {
        public DecliningTaskSender(TaskCompletionSource<TaskDeclined> declined)
        {
            Receive<RegisterClient>(registration =>
            {
                registration.Device.Tell(new RegisterClientAck(registration.ClientId) { Session = "s3cret" });
                // Over the network a task without the registration's session is ignored, unanswered.
                registration.Device.Tell(Task(round: 1, requiredBytes: 100));
                registration.Device.Tell(Task(round: 2, requiredBytes: 100) with { Session = "s3cret" });
            });
            Receive<GetExperiment>(_ => Sender.Tell(new ExperimentResponse(null)));
            Receive<TaskDeclined>(answer => declined.TrySetResult(answer));
        }

        private static TrainStage Task(int round, long requiredBytes)
        {
            using var model = TinyData.Model();
            var trainable = Core.Harmonizer.CoAdaptationPlan.ForStage(model, 1, coAdapt: true);
            var slice = StageSlice.Of(ModuleWeights.Extract(model), trainable);
            var blocks = slice.Names.Select(BlockVersion.BlockOf).Distinct().Select(block => new BlockVersion(block, 0)).ToList();
            return new TrainStage(
                round, 0, 0, model.StageCount, trainable, requiredBytes, new TaskSettings(ObjectiveSpec.CrossEntropy, RuntimeFixture.Training, 42, false), 42, blocks, slice);
        }
    }
}
