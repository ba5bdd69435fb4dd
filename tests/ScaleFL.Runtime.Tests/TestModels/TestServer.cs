using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Harmonizer;
using ScaleFL.Runtime.Mentor;
using ScaleFL.Runtime.Server;

namespace ScaleFL.Runtime.Tests.TestModels;

/// <summary>The server actors of a tiny block-wise run (three stages, 100-byte memory needs) on one system.</summary>
internal static class TestServer
{
    /// <summary>Starts mentor, harmonizer and aggregator on <paramref name="system"/>; returns the aggregator.</summary>
    public static IActorRef Start(ActorSystem system, AggregatorSettings settings, ImageDataset test, string? name = null)
    {
        var method = MethodCatalog.Create("sbt", new CrossEntropyObjectiveFactory());
        var mentor = system.ActorOf(MentorProtocol.Props(
            new MentorSettings(RuntimeFixture.Training), new CyclicSchedule(3), method.Objective, new FakeMemoryModel([100, 100, 100], 100), () => TinyData.Model()));
        var harmonizer = system.ActorOf(HarmonizerProtocol.Props(method.Plan, () => TinyData.Model()));
        var props = AggregatorProtocol.Props(settings, mentor, harmonizer, method, () => TinyData.Model(), test);
        return name is null ? system.ActorOf(props) : system.ActorOf(props, name);
    }
}
