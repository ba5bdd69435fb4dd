using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>The inbox's half of the data lane: offers, tickets, and the bytes the listener read.</summary>
public sealed partial class TransferInbox
{
    private readonly DataLaneEndpoint? lane;
    private readonly Dictionary<Guid, Reception> receptions = [];

    private void HandleOffer(LaneOffer offer)
    {
        if (lane is null)
        {
            Sender.Tell(new LaneOfferNack(offer.TransferId, "the receiving node's data lane is off"));
            return;
        }

        if (offer.TotalBytes is < 0 or > int.MaxValue)
        {
            Drop(offer.TransferId, $"{offer.TotalBytes} bytes cannot be received over the data lane (at most {int.MaxValue})", Sender);
            return;
        }

        if (receptions.ContainsKey(offer.TransferId) || aborted.Contains(offer.TransferId))
        {
            return;
        }

        if (ManifestProblem(offer.Manifest) is { } problem)
        {
            Drop(offer.TransferId, problem, Sender);
            return;
        }

        if (!TryReserve(offer.TransferId, offer.TotalBytes, Sender))
        {
            return;
        }

        // Unguessable and good for one connection: the port accepts only what was offered here.
        var ticket = new Guid(RandomNumberGenerator.GetBytes(16));
        var self = Self;
        var id = offer.TransferId;
        receptions.Add(id, new Reception(offer, ticket, Sender));
        lane.Listener.Expect(ticket, offer.TotalBytes, bytes => self.Tell(new LaneReceived(id, bytes)), reason => self.Tell(new LaneFailed(id, reason)));
        Timers.StartSingleTimer(id, new ReassemblyTimedOut(id), settings.ReassemblyTimeout);
        Sender.Tell(new LaneOfferAck(id, lane.Host, lane.Port, ticket));
    }

    private void HandleLaneReceived(LaneReceived received)
    {
        if (receptions.TryGetValue(received.TransferId, out var reception))
        {
            ForgetReception(received.TransferId);
            var offer = reception.Offer;
            Deliver(offer.TransferId, received.Bytes.Array, received.Bytes.Length, offer.SerializerId, offer.Manifest, offer.Recipient, offer.OriginalSender, reception.Outbox);
        }

        // Deserialization copied what the message keeps; the array goes back to the pool.
        received.Bytes.Dispose();
    }

    private void HandleLaneFailed(LaneFailed failed)
    {
        if (receptions.ContainsKey(failed.TransferId))
        {
            // The sender sees the same failure and resends in chunks; nothing to tell it.
            log.Warning("Data-lane transfer {0} failed on the receiving side: {1}", failed.TransferId, failed.Reason);
            ForgetReception(failed.TransferId);
        }
    }

    private void HandleLaneTimeout(Guid transferId)
    {
        if (!receptions.TryGetValue(transferId, out var reception))
        {
            return;
        }

        if (lane!.Listener.IsReceiving(reception.Ticket))
        {
            // The listener drops a stalled connection itself; a slow link may take longer than the timeout.
            Timers.StartSingleTimer(transferId, new ReassemblyTimedOut(transferId), settings.ReassemblyTimeout);
            return;
        }

        log.Warning("Dropping data-lane transfer {0}: the sender did not connect within {1}", transferId, settings.ReassemblyTimeout);
        ForgetReception(transferId);
        Remember(transferId);
    }

    private void ForgetReception(Guid transferId)
    {
        if (receptions.Remove(transferId, out var reception))
        {
            budget.Release(reception.Outbox.Path.Address, reception.Offer.TotalBytes);
            Timers.Cancel(transferId);
            lane!.Listener.Forget(reception.Ticket);
        }
    }

    private sealed record Reception(LaneOffer Offer, Guid Ticket, IActorRef Outbox);

    /// <summary>The listener read every byte of an accepted offer. Local only.</summary>
    private sealed record LaneReceived(Guid TransferId, PooledBytes Bytes);

    /// <summary>The listener gave up on an accepted offer's connection. Local only.</summary>
    private sealed record LaneFailed(Guid TransferId, string Reason);
}
