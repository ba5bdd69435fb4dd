using Akka.Actor;
using Akka.Event;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Receiving end of <see cref="TransferProtocol"/>: collects the chunks of each transfer,
/// acknowledges progress to the sending outbox, and on the last chunk deserializes the message
/// with the system's serialization and delivers it with the original sender. A transfer that
/// stalls for <see cref="TransferSettings.ReassemblyTimeout"/> is dropped; the bytes held for
/// incomplete transfers never exceed <see cref="TransferSettings.MaxBufferedBytes"/>.
/// </summary>
public sealed class TransferInbox : ReceiveActor, IWithTimers
{
    // Late chunks of a dropped transfer must not start it again; a bounded memory of ids suffices.
    private const int RememberedAborts = 1024;

    private readonly TransferSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Guid, Reassembly> transfers = [];
    private readonly HashSet<Guid> aborted = [];
    private readonly Queue<Guid> abortOrder = new();
    private long bufferedBytes;

    /// <summary>Use <see cref="TransferProtocol.InboxProps"/>.</summary>
    public TransferInbox(TransferSettings settings)
    {
        this.settings = settings.Validated();
        Receive<TransferChunk>(HandleChunk);
        Receive<ReassemblyTimedOut>(HandleTimeout);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private void HandleChunk(TransferChunk chunk)
    {
        if (aborted.Contains(chunk.TransferId))
        {
            return;
        }

        if (!transfers.TryGetValue(chunk.TransferId, out var transfer))
        {
            if (!TryStart(chunk, out transfer))
            {
                return;
            }
        }

        if (chunk.Index < 0 || chunk.Index >= transfer.Parts.Length || chunk.Count != transfer.Parts.Length || chunk.TotalBytes != transfer.TotalBytes)
        {
            Abort(transfer, $"chunk {chunk.Index}/{chunk.Count} of {chunk.TotalBytes} bytes does not match the transfer's {transfer.Parts.Length} chunks of {transfer.TotalBytes} bytes");
            return;
        }

        if (!transfer.Accept(chunk.Index, chunk.Payload))
        {
            Abort(transfer, $"chunk {chunk.Index} overflows the announced {transfer.TotalBytes} bytes");
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

    private bool TryStart(TransferChunk chunk, out Reassembly transfer)
    {
        transfer = new Reassembly(chunk, Sender);
        if (chunk.Count <= 0 || chunk.TotalBytes < 0)
        {
            Drop(chunk.TransferId, $"invalid header: {chunk.Count} chunks, {chunk.TotalBytes} bytes", Sender);
            return false;
        }

        if (chunk.TotalBytes > settings.MaxBufferedBytes - bufferedBytes)
        {
            Drop(chunk.TransferId, $"{chunk.TotalBytes} bytes would exceed the {settings.MaxBufferedBytes} bytes the inbox may buffer ({bufferedBytes} in use)", Sender);
            return false;
        }

        // Reserving the announced size up front bounds memory before the bytes arrive.
        bufferedBytes += chunk.TotalBytes;
        transfers.Add(chunk.TransferId, transfer);
        return true;
    }

    private void Complete(Reassembly transfer)
    {
        Forget(transfer.Id);
        try
        {
            var message = Context.System.Serialization.Deserialize(transfer.Assemble(), transfer.SerializerId, transfer.Manifest);
            transfer.Recipient.Tell(message, transfer.OriginalSender);
        }
        catch (Exception error)
        {
            log.Error(error, "Transfer {0} ({1} bytes, manifest '{2}') could not be deserialized", transfer.Id, transfer.TotalBytes, transfer.Manifest);
            Remember(transfer.Id);
            transfer.Outbox.Tell(new TransferAborted(transfer.Id, $"deserialization failed: {error.Message}"));
        }
    }

    private void HandleTimeout(ReassemblyTimedOut timeout)
    {
        if (transfers.TryGetValue(timeout.TransferId, out var transfer))
        {
            Abort(transfer, $"no chunk for {settings.ReassemblyTimeout} ({transfer.ReceivedCount} of {transfer.Parts.Length} received)");
        }
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
            bufferedBytes -= transfer.TotalBytes;
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
