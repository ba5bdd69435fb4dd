using Akka.Actor;
using Akka.TestKit;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

/// <summary>
/// Stands in for a node's inbox at its well-known path: answers <see cref="AskLimits"/> with the
/// given limits, like a real inbox, and forwards everything else to a probe.
/// </summary>
internal static class StandInInbox
{
    /// <summary>A node with 1 MiB frames, a data lane and a 1 GiB budget: it takes whatever a test sends.</summary>
    public static TransferLimits Generous { get; } = new(1 << 20, 64 * 1024, true, 1L << 30);

    /// <summary>Starts one in <paramref name="testKit"/>'s system; what reaches it arrives at the returned probe.</summary>
    public static TestProbe Start(TestKitBase testKit, TransferLimits? limits = null)
    {
        var probe = testKit.CreateTestProbe();
        testKit.Sys.ActorOf(Props.Create(() => new Inbox(probe.Ref, limits ?? Generous)), InboxName);
        return probe;
    }

    private sealed class Inbox : ReceiveActor
    {
        public Inbox(IActorRef probe, TransferLimits limits)
        {
            Receive<AskLimits>(_ => Sender.Tell(limits));
            ReceiveAny(message => probe.Forward(message));
        }
    }
}
