using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Server;
using ScaleFL.Runtime.Tests.TestModels;
using Xunit.Abstractions;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class IdleClientMemoryTests(RuntimeFixture fixture, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(RuntimeFixture.Config), IClassFixture<RuntimeFixture>
{
    private const int Clients = 1000;

    [Fact]
    public void A_thousand_registered_idle_clients_cost_little_memory_and_no_model()
    {
        using var executor = new TrainingExecutor(() => TinyData.Model(), 2);
        var method = MethodCatalog.Create("sbt", new CrossEntropyObjectiveFactory());
        var mentor = Sys.ActorOf(MentorProtocol.Props(new MentorSettings(RuntimeFixture.Training), new CyclicSchedule(3), method.Objective, new FakeMemoryModel([1, 1, 1], 1), () => TinyData.Model()));
        var harmonizer = Sys.ActorOf(HarmonizerProtocol.Props(method.Plan, () => TinyData.Model()));
        var server = Sys.ActorOf(AggregatorProtocol.Props(new AggregatorSettings { Rounds = 1 }, mentor, harmonizer, method, () => TinyData.Model(), fixture.Test));
        var views = Enumerable.Range(0, Clients).Select(id => new ClientDataView(fixture.Train, [id % fixture.Train.Count])).ToList();
        server.Tell(new GetServerStatus());
        ExpectMsg<ServerStatusResponse>();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var id = 0; id < Clients; id++)
        {
            var settings = new ClientDeviceSettings { ClientId = id, BudgetBytes = 1000 };
            Sys.ActorOf(ClientDeviceProtocol.Props(settings, server, views[id], executor));
        }

        AwaitAssert(
            () =>
            {
                server.Tell(new GetServerStatus());
                Assert.Equal(Clients, ExpectMsg<ServerStatusResponse>().RegisteredClients);
            },
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(100));
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

        output.WriteLine($"{Clients} idle registered clients: {growth / 1024.0 / 1024.0:F2} MiB of managed heap ({growth / Clients} bytes each)");
        // Only an upper bound: other test classes run beside this one, and their garbage collected
        // between the two readings can make the growth negative.
        Assert.True(growth < 50L * 1024 * 1024, $"growth {growth} bytes");
        Assert.Equal(0, executor.ModelsCreated);
    }
}
