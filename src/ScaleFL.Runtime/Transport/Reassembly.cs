using Akka.Actor;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>The chunks of one transfer received so far, kept by <see cref="TransferInbox"/>.</summary>
internal sealed class Reassembly
{
    private long receivedBytes;

    public Reassembly(TransferChunk first, IActorRef outbox)
    {
        Id = first.TransferId;
        TotalBytes = first.TotalBytes;
        SerializerId = first.SerializerId;
        Manifest = first.Manifest;
        Recipient = first.Recipient;
        OriginalSender = first.OriginalSender;
        Outbox = outbox;
        // The inbox checked the count against the total (chunks of at least 1 KiB) and reserved the total.
        Parts = new ReadOnlyMemory<byte>?[first.Count];
    }

    public Guid Id { get; }

    public long TotalBytes { get; }

    public int SerializerId { get; }

    public string Manifest { get; }

    public IActorRef Recipient { get; }

    public IActorRef OriginalSender { get; }

    /// <summary>The sending outbox, which receives acknowledgements and aborts.</summary>
    public IActorRef Outbox { get; }

    public ReadOnlyMemory<byte>?[] Parts { get; }

    public int ReceivedCount { get; private set; }

    /// <summary>Number of leading chunks that have all arrived: the cumulative acknowledgement.</summary>
    public int Contiguous { get; private set; }

    public bool IsComplete => ReceivedCount == Parts.Length;

    /// <summary>Stores a chunk; a duplicate is ignored. Null when accepted, else what is wrong with it.</summary>
    public string? Accept(int index, ReadOnlyMemory<byte> payload)
    {
        if (Parts[index] is not null)
        {
            return null;
        }

        if (index < Parts.Length - 1 && payload.Length < TransferSettings.MinChunkBytes)
        {
            return $"chunk {index} carries {payload.Length} bytes; every chunk but the last carries at least {TransferSettings.MinChunkBytes}";
        }

        receivedBytes += payload.Length;
        if (receivedBytes > TotalBytes || (ReceivedCount + 1 == Parts.Length && receivedBytes != TotalBytes))
        {
            return $"chunk {index} overflows the announced {TotalBytes} bytes";
        }

        Parts[index] = payload;
        ReceivedCount++;
        while (Contiguous < Parts.Length && Parts[Contiguous] is not null)
        {
            Contiguous++;
        }

        return null;
    }

    /// <summary>The whole serialized message, chunks in order, in a pooled array the caller disposes.</summary>
    public PooledBytes Assemble(TransferBufferPool pool)
    {
        var bytes = pool.Rent(checked((int)TotalBytes));
        var offset = 0;
        foreach (var part in Parts)
        {
            part!.Value.Span.CopyTo(bytes.Array.AsSpan(offset));
            offset += part.Value.Length;
        }

        return bytes;
    }
}
