using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

/// <summary>
/// Two remoting ActorSystems on loopback ports chosen by the OS, with the production transport
/// settings (data lane on), associated once up front so the measurements do not include the
/// handshake. Shared by the tests of one class.
/// </summary>
public class RemoteNodes : IDisposable
{
    public RemoteNodes()
        : this(string.Empty)
    {
    }

    protected RemoteNodes(string overrides)
    {
        Sending = new Akka.TestKit.Xunit2.TestKit(TransportTestConfig.Remote(overrides), "sending");
        Receiving = new Akka.TestKit.Xunit2.TestKit(TransportTestConfig.Remote(overrides), "receiving");
        BulkTransfer.Get(Sending.Sys);
        BulkTransfer.Get(Receiving.Sys);

        // Associating and compiling the chunked path once keeps both out of the measurements.
        var warmUp = Receiving.CreateTestProbe();
        BulkTransfer.Send(Sending.Sys, RemoteRef(warmUp.Ref), TestMessageSerializer.Sample("warm-up", megabytes: 1, arrays: 1));
        warmUp.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(10));
    }

    public Akka.TestKit.Xunit2.TestKit Sending { get; }

    public Akka.TestKit.Xunit2.TestKit Receiving { get; }

    /// <summary>The receiving node's address, with the port the OS bound.</summary>
    public Address ReceivingAddress => ((ExtendedActorSystem)Receiving.Sys).Provider.DefaultAddress;

    /// <summary>A reference, valid on the sending node, to an actor of the receiving node.</summary>
    public IActorRef RemoteRef(IActorRef receivingActor) =>
        ((ExtendedActorSystem)Sending.Sys).Provider.ResolveActorRef(receivingActor.Path.ToStringWithAddress(ReceivingAddress));

    /// <summary>Subscribes a probe on both nodes to everything logged at info level and above.</summary>
    public TestProbe WatchLogs()
    {
        var probe = Sending.CreateTestProbe();
        foreach (var system in new[] { Sending.Sys, Receiving.Sys })
        {
            system.EventStream.Subscribe(probe.Ref, typeof(Info));
            system.EventStream.Subscribe(probe.Ref, typeof(Warning));
            system.EventStream.Subscribe(probe.Ref, typeof(Error));
        }

        return probe;
    }

    /// <summary>What the probe has collected, after letting the asynchronous loggers catch up.</summary>
    public static IReadOnlyList<LogEvent> Collected(TestProbe logs)
    {
        var events = logs.ReceiveWhile(TimeSpan.FromMilliseconds(300), message => message as LogEvent).OfType<LogEvent>().ToList();
        logs.Sys.EventStream.Unsubscribe(logs.Ref);
        return events;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Sending.Dispose();
            Receiving.Dispose();
        }
    }
}

/// <summary><see cref="RemoteNodes"/> with the data lane off: every big message goes in chunks through Akka.Remote.</summary>
public sealed class ChunkedRemoteNodes : RemoteNodes
{
    public ChunkedRemoteNodes()
        : base("scalefl.transfer.data-lane.enabled = off")
    {
        if (BulkTransfer.Get(Sending.Sys).Lane is not null || BulkTransfer.Get(Receiving.Sys).Lane is not null)
        {
            throw new InvalidOperationException("The chunked-path fixture must run without a data lane.");
        }
    }
}
