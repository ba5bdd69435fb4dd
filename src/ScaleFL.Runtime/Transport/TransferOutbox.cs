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
/// directly.
/// </summary>
public sealed class TransferOutbox : ReceiveActor, IWithTimers
{
    private readonly TransferSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Address, Lane> lanes = [];
    private readonly Dictionary<Guid, Lane> laneOfActive = [];
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

        if (payload.Bytes.Length <= settings.ChunkBytes)
        {
            Release(payload);
            send.Recipient.Tell(send.Message, send.OriginalSender);
            return;
        }

        var address = send.Recipient.Path.Address;
        if (!lanes.TryGetValue(address, out var lane))
        {
            var inboxPath = new RootActorPath(address) / "user" / InboxName;
            lane = new Lane(((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(inboxPath));
            lanes.Add(address, lane);
        }

        lane.Waiting.Enqueue(new Outgoing(Guid.NewGuid(), payload, send.Recipient, send.OriginalSender, settings.ChunkBytes));
        if (lane.Active is null)
        {
            StartNext(lane);
        }
    }

    private void HandleAck(ChunkAck ack)
    {
        if (!laneOfActive.TryGetValue(ack.TransferId, out var lane))
        {
            return;
        }

        var transfer = lane.Active!;
        transfer.Acknowledge(ack.Received);
        if (transfer.IsDone)
        {
            Finish(lane);
            return;
        }

        Pump(lane);
        Timers.StartSingleTimer(transfer.Id, new SendTimedOut(transfer.Id), settings.ReassemblyTimeout);
    }

    private void HandleAborted(TransferAborted aborted)
    {
        if (laneOfActive.TryGetValue(aborted.TransferId, out var lane))
        {
            log.Warning("Transfer {0} to {1} was aborted by the receiver: {2}", aborted.TransferId, lane.Active!.Recipient, aborted.Reason);
            Finish(lane);
        }
    }

    private void HandleTimeout(SendTimedOut timeout)
    {
        if (laneOfActive.TryGetValue(timeout.TransferId, out var lane))
        {
            var transfer = lane.Active!;
            log.Warning(
                "Transfer {0} to {1} gave up: no acknowledgement for {2} ({3} of {4} chunks acknowledged)",
                transfer.Id, transfer.Recipient, settings.ReassemblyTimeout, transfer.Acked, transfer.Count);
            Finish(lane);
        }
    }

    private void StartNext(Lane lane)
    {
        if (!lane.Waiting.TryDequeue(out var transfer))
        {
            lane.Active = null;
            return;
        }

        lane.Active = transfer;
        laneOfActive.Add(transfer.Id, lane);
        Pump(lane);
        Timers.StartSingleTimer(transfer.Id, new SendTimedOut(transfer.Id), settings.ReassemblyTimeout);
    }

    private void Pump(Lane lane)
    {
        var transfer = lane.Active!;
        while (transfer.Next < transfer.Count && transfer.Next - transfer.Acked < settings.MaxInFlightChunks)
        {
            lane.Inbox.Tell(transfer.NextChunk(), Self);
        }
    }

    private void Finish(Lane lane)
    {
        var transfer = lane.Active!;
        laneOfActive.Remove(transfer.Id);
        Timers.Cancel(transfer.Id);
        Release(transfer.Data);
        StartNext(lane);
    }

    private Outgoing.Payload PayloadFor(object message)
    {
        if (!payloads.TryGetValue(message, out var payload))
        {
            var serialization = Context.System.Serialization;
            var serializer = serialization.FindSerializerFor(message);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            payload = new Outgoing.Payload(message, serializer.ToBinary(message), serializer.Identifier, manifest);
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
        }
    }

    private sealed record SendTimedOut(Guid TransferId);

    private sealed class Lane(IActorRef inbox)
    {
        public IActorRef Inbox { get; } = inbox;

        public Queue<Outgoing> Waiting { get; } = new();

        public Outgoing? Active { get; set; }
    }
}
