using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>The outbox's half of the data lane: acked offers become lane sends; nacks and failures fall back to chunks.</summary>
public sealed partial class TransferOutbox
{
    private void HandleOfferAck(LaneOfferAck ack)
    {
        if (!destinationOfActive.TryGetValue(ack.TransferId, out var destination))
        {
            return;
        }

        // The lane send has its own stall timeout and always reports back, however long a slow link takes.
        Timers.Cancel(ack.TransferId);
        var id = ack.TransferId;
        DataLaneSender.SendAsync(ack.Host, ack.Port, ack.Ticket, destination.Active!.Data.Bytes, settings.DataLane, stopping.Token)
            .PipeTo(Self, success: () => new LaneSent(id), failure: error => new LaneSendFailed(id, error.Message));
    }

    private void HandleOfferNack(LaneOfferNack nack)
    {
        if (destinationOfActive.TryGetValue(nack.TransferId, out var destination))
        {
            log.Info("{0} has no data lane ({1}); sending to it in chunks through Akka.Remote for {2}", destination.Inbox.Path.Address, nack.Reason, settings.DataLane.RetryAfter);
            FallBackToChunks(destination);
        }
    }

    private void HandleLaneSent(LaneSent sent)
    {
        if (destinationOfActive.TryGetValue(sent.TransferId, out var destination))
        {
            Finish(destination);
        }
    }

    private void HandleLaneSendFailed(LaneSendFailed failed)
    {
        if (destinationOfActive.TryGetValue(failed.TransferId, out var destination))
        {
            log.Warning(
                "Data lane to {0} failed ({1}); this and later transfers to it go in chunks through Akka.Remote for {2}",
                destination.Inbox.Path.Address, failed.Reason, settings.DataLane.RetryAfter);
            destination.Inbox.Tell(new TransferAborted(failed.TransferId, "the sender's data lane failed; it resends in chunks"));
            FallBackToChunks(destination);
        }
    }

    /// <summary>Restarts the active transfer in chunks under a new id: the old one may linger in the inbox as aborted.</summary>
    private void FallBackToChunks(Destination destination)
    {
        destination.LaneBlockedUntil = DateTime.UtcNow + settings.DataLane.RetryAfter;
        var offered = destination.Active!;
        destinationOfActive.Remove(offered.Id);
        Timers.Cancel(offered.Id);
        var chunked = new Outgoing(Guid.NewGuid(), offered.Data, offered.Recipient, offered.OriginalSender, offered.ChunkBytes);
        Begin(destination, chunked, offerLane: false);
    }

    /// <summary>The data lane confirmed every byte. Local only.</summary>
    private sealed record LaneSent(Guid TransferId);

    /// <summary>The data lane failed. Local only.</summary>
    private sealed record LaneSendFailed(Guid TransferId, string Reason);
}
