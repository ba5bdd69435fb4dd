using Akka.Actor;
using Akka.Event;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>The outbox's half of the limits exchange: ask a node once, then send what it can take.</summary>
public sealed partial class TransferOutbox
{
    private void AskLimits(Destination destination)
    {
        if (destination.Asking)
        {
            return;
        }

        destination.Asking = true;
        destination.Inbox.Tell(new AskLimits(settings.Limits(settings.DataLane.Enabled)), Self);
        Timers.StartSingleTimer(destination, new LimitsTimedOut(destination), settings.ReassemblyTimeout);
    }

    private void HandleLimits(TransferLimits limits)
    {
        if (destinations.TryGetValue(Sender.Path.Address, out var destination))
        {
            Learn(destination, limits);
        }
    }

    /// <summary>A node's limits, from its answer or from its own <see cref="AskLimits"/> to this node's inbox.</summary>
    private void Learn(Destination destination, TransferLimits limits)
    {
        destination.Limits = limits;
        destination.Asking = false;
        Timers.Cancel(destination);
        if (destination.Active is null)
        {
            StartNext(destination);
        }
    }

    private void HandleLimitsTimeout(LimitsTimedOut timeout)
    {
        var destination = timeout.Destination;
        if (!destination.Asking)
        {
            return;
        }

        destination.Asking = false;
        log.Error(
            "{0} did not declare its transfer limits within {1} (is it running ScaleFL's transport?); {2} messages to it not sent",
            destination.Inbox.Path.Address, settings.ReassemblyTimeout, destination.Waiting.Count);
        while (destination.Waiting.TryDequeue(out var dropped))
        {
            Release(dropped.Payload);
        }
    }

    /// <summary>
    /// Local, from this node's inbox: <paramref name="Node"/> asked for this node's limits and
    /// declared its own, so this outbox need not ask it in turn.
    /// </summary>
    internal sealed record LimitsLearned(Address Node, TransferLimits Limits);

    private sealed record LimitsTimedOut(Destination Destination);
}
