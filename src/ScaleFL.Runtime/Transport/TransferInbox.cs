using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Receiving end of <see cref="TransferProtocol"/>: collects the chunks of each transfer,
/// acknowledges progress to the sending outbox, and on the last chunk deserializes the message
/// with the system's serialization and delivers it with the original sender. A transfer that
/// stalls for <see cref="TransferSettings.ReassemblyTimeout"/> is dropped. Every size and count a
/// chunk or offer announces is checked and reserved (<see cref="InboxBudget"/>) before anything
/// is allocated for it: the bytes held never exceed <see cref="TransferSettings.MaxBufferedBytes"/>,
/// nor one node's share of them.
/// </summary>
public sealed partial class TransferInbox : ReceiveActor, IWithTimers
{
    // Late chunks of a dropped transfer must not start it again; a bounded memory of ids suffices.
    private const int RememberedAborts = 1024;

    private readonly TransferSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Guid, Reassembly> transfers = [];
    private readonly HashSet<Guid> aborted = [];
    private readonly Queue<Guid> abortOrder = new();
    private readonly IReadOnlyDictionary<int, WeightMessageSerializer> ours = WeightMessageSerializer.BoundIn((ExtendedActorSystem)Context.System);
    private readonly InboxBudget budget;
    private readonly IActorRef? outbox;

    /// <summary>Use <see cref="TransferProtocol.InboxProps"/>.</summary>
    public TransferInbox(TransferSettings settings, DataLaneEndpoint? lane, IActorRef? outbox = null)
    {
        this.outbox = outbox;
        this.settings = settings.Validated();
        budget = new InboxBudget(this.settings);
        this.lane = lane;
        Receive<TransferChunk>(HandleChunk);
        Receive<ReassemblyTimedOut>(HandleTimeout);
        Receive<TransferAborted>(HandleSenderAborted);
        Receive<LaneOffer>(HandleOffer);
        Receive<LaneReceived>(HandleLaneReceived);
        Receive<LaneFailed>(HandleLaneFailed);
        Receive<AskLimits>(HandleAskLimits);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Declares this node's limits; the asker's go to this node's outbox, which then need not ask back.</summary>
    private void HandleAskLimits(AskLimits ask)
    {
        Sender.Tell(settings.Limits(lane is not null));
        outbox?.Tell(new TransferOutbox.LimitsLearned(Sender.Path.Address, ask.Asker));
    }

    private void HandleChunk(TransferChunk chunk)
    {
        if (aborted.Contains(chunk.TransferId))
        {
            return;
        }

        if (!transfers.TryGetValue(chunk.TransferId, out var transfer))
        {
            transfer = TryStart(chunk);
            if (transfer is null)
            {
                return;
            }
        }

        if (chunk.Index < 0 || chunk.Index >= transfer.Parts.Length || chunk.Count != transfer.Parts.Length || chunk.TotalBytes != transfer.TotalBytes)
        {
            Abort(transfer, $"chunk {chunk.Index}/{chunk.Count} of {chunk.TotalBytes} bytes does not match the transfer's {transfer.Parts.Length} chunks of {transfer.TotalBytes} bytes");
            return;
        }

        if (transfer.Accept(chunk.Index, chunk.Payload) is { } problem)
        {
            Abort(transfer, problem);
            return;
        }

        Sender.Tell(new ChunkAck(chunk.TransferId, transfer.Contiguous));
        if (transfer.IsComplete)
        {
            Complete(transfer);
        }
        else
        {
            Timers.StartSingleTimer(chunk.TransferId, new ReassemblyTimedOut(chunk.TransferId), settings.ReassemblyTimeout);
        }
    }

    /// <summary>The new transfer <paramref name="chunk"/> starts, or null when its header is refused (the sender is told why).</summary>
    private Reassembly? TryStart(TransferChunk chunk)
    {
        // The chunk count sizes an array: it must be consistent with the total before it is allocated.
        var maxCount = (chunk.TotalBytes + TransferSettings.MinChunkBytes - 1) / TransferSettings.MinChunkBytes;
        if (chunk.Count <= 0 || chunk.TotalBytes <= 0 || chunk.Count > maxCount)
        {
            Drop(chunk.TransferId, $"invalid header: {chunk.Count} chunks of {chunk.TotalBytes} bytes (chunks are at least {TransferSettings.MinChunkBytes} bytes)", Sender);
            return null;
        }

        if (ManifestProblem(chunk.Manifest) is { } problem)
        {
            Drop(chunk.TransferId, problem, Sender);
            return null;
        }

        if (!TryReserve(chunk.TransferId, chunk.TotalBytes, Sender))
        {
            return null;
        }

        var transfer = new Reassembly(chunk, Sender);
        transfers.Add(chunk.TransferId, transfer);
        return transfer;
    }

    private static string? ManifestProblem(string manifest) => manifest.Length > TransferSettings.MaxManifestLength
        ? $"a manifest of {manifest.Length} characters (at most {TransferSettings.MaxManifestLength})"
        : null;

    /// <summary>Reserving the announced size up front bounds memory before the bytes arrive.</summary>
    private bool TryReserve(Guid transferId, long totalBytes, IActorRef outbox)
    {
        if (budget.TryReserve(outbox.Path.Address, totalBytes) is { } refusal)
        {
            Drop(transferId, refusal, outbox);
            return false;
        }

        return true;
    }

    private void Complete(Reassembly transfer)
    {
        Forget(transfer.Id);
        using var bytes = transfer.Assemble(TransferBufferPool.Of(Context.System));
        Deliver(transfer.Id, bytes.Array, bytes.Length, transfer.SerializerId, transfer.Manifest, transfer.Recipient, transfer.OriginalSender, transfer.Outbox);
    }

    /// <summary>Deserializes the first <paramref name="length"/> bytes of <paramref name="bytes"/> (possibly a pooled array) and delivers the message.</summary>
    private void Deliver(Guid transferId, byte[] bytes, int length, int serializerId, string manifest, IActorRef recipient, IActorRef originalSender, IActorRef outbox)
    {
        try
        {
            var message = ours.TryGetValue(serializerId, out var serializer)
                ? serializer.FromBytes(bytes, length, manifest)
                : Context.System.Serialization.Deserialize(length == bytes.Length ? bytes : bytes.AsSpan(0, length).ToArray(), serializerId, manifest);
            recipient.Tell(message, originalSender);
        }
        catch (Exception error)
        {
            log.Error(error, "Transfer {0} ({1} bytes, manifest '{2}') could not be deserialized", transferId, length, manifest);
            Remember(transferId);
            outbox.Tell(new TransferAborted(transferId, $"deserialization failed: {error.Message}"));
        }
    }

    private void HandleTimeout(ReassemblyTimedOut timeout)
    {
        if (transfers.TryGetValue(timeout.TransferId, out var transfer))
        {
            Abort(transfer, $"no chunk for {settings.ReassemblyTimeout} ({transfer.ReceivedCount} of {transfer.Parts.Length} received)");
        }
        else
        {
            HandleLaneTimeout(timeout.TransferId);
        }
    }

    /// <summary>The sender gave up (its lane failed, or it timed out): free what this transfer holds.</summary>
    private void HandleSenderAborted(TransferAborted aborted)
    {
        Remember(aborted.TransferId);
        Forget(aborted.TransferId);
        ForgetReception(aborted.TransferId);
    }

    private void Abort(Reassembly transfer, string reason)
    {
        Forget(transfer.Id);
        Drop(transfer.Id, reason, transfer.Outbox);
    }

    private void Drop(Guid transferId, string reason, IActorRef outbox)
    {
        log.Warning("Dropping transfer {0}: {1}", transferId, reason);
        Remember(transferId);
        outbox.Tell(new TransferAborted(transferId, reason));
    }

    private void Forget(Guid transferId)
    {
        if (transfers.Remove(transferId, out var transfer))
        {
            budget.Release(transfer.Outbox.Path.Address, transfer.TotalBytes);
            Timers.Cancel(transferId);
        }
    }

    private void Remember(Guid transferId)
    {
        if (aborted.Add(transferId))
        {
            abortOrder.Enqueue(transferId);
            if (abortOrder.Count > RememberedAborts)
            {
                aborted.Remove(abortOrder.Dequeue());
            }
        }
    }

    private sealed record ReassemblyTimedOut(Guid TransferId);
}
