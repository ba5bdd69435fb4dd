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
    /// <summary>
    /// Starts mentor, harmonizer and aggregator on <paramref name="system"/>; returns the aggregator.
    /// Probes standing in for devices do not acknowledge the end of the run, so unless
    /// <paramref name="runEndedAckWait"/> says otherwise the run completes 300 ms after telling them.
    /// </summary>
    public static IActorRef Start(ActorSystem system, AggregatorSettings settings, ImageDataset test, string? name = null, TimeSpan? runEndedAckWait = null)
    {
        settings = settings with { RunEndedAckWait = runEndedAckWait ?? TimeSpan.FromMilliseconds(300) };
        var method = MethodCatalog.Create("sbt", new CrossEntropyObjectiveFactory());
        var mentor = system.ActorOf(MentorProtocol.Props(
            new MentorSettings(RuntimeFixture.Training), new CyclicSchedule(3), method.Objective, new FakeMemoryModel([100, 100, 100], 100), () => TinyData.Model()));
        var harmonizer = system.ActorOf(HarmonizerProtocol.Props(method.Plan, () => TinyData.Model()));
        var props = AggregatorProtocol.Props(settings, mentor, harmonizer, method, () => TinyData.Model(), test);
        return name is null ? system.ActorOf(props) : system.ActorOf(props, name);
    }
}
