using Akka.Actor;
using Akka.Event;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Sending end of <see cref="TransferProtocol"/>. Serializes each message once, then streams its
/// chunks to the inbox at the recipient's address keeping at most
/// <see cref="TransferSettings.MaxInFlightChunks"/> unacknowledged. Transfers to the same node
/// go one after another, so the connection's write queue holds at most one window and the
/// remote heartbeats never wait behind a whole model. A message that fits in one chunk is told
/// directly. Before the first bigger message to a node the outbox asks that node's inbox for its
/// limits (<see cref="TransferLimits"/>) and sends along the <see cref="TransferRoute"/> they allow:
/// chunks that fit both nodes' frames, the lane only where the receiver has one, and a message the
/// receiver would discard whatever is done is refused with one error line instead of being lost.
/// With the data lane on, a transfer is first offered to the inbox and its bytes go
/// over the lane; a nack or a failed lane sends it, and later ones to that node, in chunks.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources end in PostStop, which disposes it.")]
public sealed partial class TransferOutbox : ReceiveActor, IWithTimers
{
    private readonly TransferSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Address, Destination> destinations = [];
    private readonly Dictionary<Guid, Destination> destinationOfActive = [];
    private readonly CancellationTokenSource stopping = new();
    // A broadcast sends one weight set to many nodes; its bytes are shared, not re-serialized.
    private readonly Dictionary<object, Outgoing.Payload> payloads = new(ReferenceEqualityComparer.Instance);

    /// <summary>Use <see cref="TransferProtocol.OutboxProps"/>.</summary>
    public TransferOutbox(TransferSettings settings)
    {
        this.settings = settings.Validated();
        Receive<Send>(HandleSend);
        Receive<ChunkAck>(HandleAck);
        Receive<TransferAborted>(HandleAborted);
        Receive<SendTimedOut>(HandleTimeout);
        Receive<LaneOfferAck>(HandleOfferAck);
        Receive<LaneOfferNack>(HandleOfferNack);
        Receive<LaneSent>(HandleLaneSent);
        Receive<LaneSendFailed>(HandleLaneSendFailed);
        Receive<TransferLimits>(HandleLimits);
        Receive<LimitsLearned>(learned => Learn(DestinationOf(learned.Node), learned.Limits));
        Receive<LimitsTimedOut>(HandleLimitsTimeout);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private void HandleSend(Send send)
    {
        Outgoing.Payload payload;
        try
        {
            payload = PayloadFor(send.Message);
        }
        catch (Exception error)
        {
            // A restart would lose every transfer in progress; one unserializable message must not.
            log.Error(error, "Cannot serialize {0} for {1}; not sent", send.Message.GetType().Name, send.Recipient);
            return;
        }

        if (payload.Bytes.Length <= TransferRoute.AlwaysDirectBytes)
        {
            Release(payload);
            send.Recipient.Tell(send.Message, send.OriginalSender);
            return;
        }

        var destination = DestinationOf(send.Recipient.Path.Address);
        destination.Waiting.Enqueue(new Queued(payload, send.Recipient, send.OriginalSender));
        if (destination.Active is null)
        {
            StartNext(destination);
        }
    }

    private Destination DestinationOf(Address address)
    {
        if (!destinations.TryGetValue(address, out var destination))
        {
            var inboxPath = new RootActorPath(address) / "user" / InboxName;
            destination = new Destination(((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(inboxPath));
            destinations.Add(address, destination);
        }

        return destination;
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        // A lane send in progress stops at once instead of running to its stall timeout.
        stopping.Cancel();
        stopping.Dispose();
    }

    private void HandleAck(ChunkAck ack)
    {
        if (!destinationOfActive.TryGetValue(ack.TransferId, out var destination))
        {
            return;
        }

        var transfer = destination.Active!;
        transfer.Acknowledge(ack.Received);
        if (transfer.IsDone)
        {
            Finish(destination);
            return;
        }

        Pump(destination);
        Timers.StartSingleTimer(transfer.Id, new SendTimedOut(transfer.Id), settings.ReassemblyTimeout);
    }

    private void HandleAborted(TransferAborted aborted)
    {
        if (destinationOfActive.TryGetValue(aborted.TransferId, out var destination))
        {
            log.Warning("Transfer {0} to {1} was aborted by the receiver: {2}", aborted.TransferId, destination.Active!.Recipient, aborted.Reason);
            destination.Active.Data.Abandoned = true;
            // The receiver may have restarted with other settings: ask again before the next transfer.
            destination.Limits = null;
            Finish(destination);
        }
    }

    private void HandleTimeout(SendTimedOut timeout)
    {
        if (destinationOfActive.TryGetValue(timeout.TransferId, out var destination))
        {
            var transfer = destination.Active!;
            log.Warning(
                "Transfer {0} to {1} gave up: no acknowledgement for {2} ({3} of {4} chunks acknowledged)",
                transfer.Id, transfer.Recipient, settings.ReassemblyTimeout, transfer.Acked, transfer.Count);
            destination.Inbox.Tell(new TransferAborted(transfer.Id, $"the sender had no acknowledgement for {settings.ReassemblyTimeout}"));
            transfer.Data.Abandoned = true;
            destination.Limits = null;
            Finish(destination);
        }
    }

    /// <summary>Starts the next waiting transfer to <paramref name="destination"/> along the route its limits allow.</summary>
    private void StartNext(Destination destination)
    {
        destination.Active = null;
        if (destination.Waiting.Count > 0 && destination.Limits is null)
        {
            AskLimits(destination);
            return;
        }

        while (destination.Waiting.TryDequeue(out var next))
        {
            var route = TransferRoute.For(settings, destination.Limits!, next.Payload.Bytes.Length);
            if (route.Refusal is { } refusal)
            {
                log.Error("Cannot send {0} to {1}: {2}; not sent", next.Payload.Message.GetType().Name, destination.Inbox.Path.Address, refusal);
                Release(next.Payload);
            }
            else if (route.Direct)
            {
                next.Recipient.Tell(next.Payload.Message, next.OriginalSender);
                Release(next.Payload);
            }
            else
            {
                Begin(destination, new Outgoing(Guid.NewGuid(), next.Payload, next.Recipient, next.OriginalSender, route.ChunkBytes), route.OfferLane);
                return;
            }
        }
    }

    private void Begin(Destination destination, Outgoing transfer, bool offerLane)
    {
        destination.Active = transfer;
        destinationOfActive.Add(transfer.Id, destination);
        if (offerLane && DateTime.UtcNow >= destination.LaneBlockedUntil)
        {
            var data = transfer.Data;
            destination.Inbox.Tell(new LaneOffer(transfer.Id, data.Bytes.Length, data.SerializerId, data.Manifest, transfer.Recipient, transfer.OriginalSender), Self);
        }
        else
        {
            Pump(destination);
        }

        Timers.StartSingleTimer(transfer.Id, new SendTimedOut(transfer.Id), settings.ReassemblyTimeout);
    }

    private void Pump(Destination destination)
    {
        var transfer = destination.Active!;
        while (transfer.Next < transfer.Count && transfer.Next - transfer.Acked < settings.MaxInFlightChunks)
        {
            destination.Inbox.Tell(transfer.NextChunk(), Self);
        }
    }

    private void Finish(Destination destination)
    {
        var transfer = destination.Active!;
        destinationOfActive.Remove(transfer.Id);
        Timers.Cancel(transfer.Id);
        Release(transfer.Data);
        StartNext(destination);
    }

    private Outgoing.Payload PayloadFor(object message)
    {
        if (!payloads.TryGetValue(message, out var payload))
        {
            var serialization = Context.System.Serialization;
            var serializer = serialization.FindSerializerFor(message);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            if (serializer is WeightMessageSerializer ours)
            {
                var pooled = ours.ToPooled(message, TransferBufferPool.Of(Context.System));
                payload = new Outgoing.Payload(message, pooled.Memory, pooled, serializer.Identifier, manifest);
            }
            else
            {
                payload = new Outgoing.Payload(message, serializer.ToBinary(message), null, serializer.Identifier, manifest);
            }
            payloads.Add(message, payload);
        }

        payload.Users++;
        return payload;
    }

    private void Release(Outgoing.Payload payload)
    {
        if (--payload.Users == 0)
        {
            payloads.Remove(payload.Message);
            if (!payload.Abandoned)
            {
                payload.Pooled?.Dispose();
            }
        }
    }

    private sealed record SendTimedOut(Guid TransferId);

    /// <summary>A message waiting for its turn to a node.</summary>
    private sealed record Queued(Outgoing.Payload Payload, IActorRef Recipient, IActorRef OriginalSender);

    /// <summary>One remote node: its inbox, and its transfers, which go one at a time.</summary>
    private sealed class Destination(IActorRef inbox)
    {
        public IActorRef Inbox { get; } = inbox;

        public Queue<Queued> Waiting { get; } = new();

        /// <summary>What the node declared it receives; null until it answered <see cref="AskLimits"/>.</summary>
        public TransferLimits? Limits { get; set; }

        /// <summary>An <see cref="AskLimits"/> is out and unanswered.</summary>
        public bool Asking { get; set; }

        public Outgoing? Active { get; set; }

        /// <summary>Set by a nack or a failed lane: until then, transfers to this node go in chunks.</summary>
        public DateTime LaneBlockedUntil { get; set; } = DateTime.MinValue;
    }
}
