using Akka.Actor;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>One message being streamed by <see cref="TransferOutbox"/>: its bytes and the window position.</summary>
internal sealed class Outgoing(Guid id, Outgoing.Payload data, IActorRef recipient, IActorRef originalSender, int chunkBytes)
{
    public Guid Id { get; } = id;

    public Payload Data { get; } = data;

    public IActorRef Recipient { get; } = recipient;

    public IActorRef OriginalSender { get; } = originalSender;

    /// <summary>Payload bytes per chunk, fitted to both nodes' frames.</summary>
    public int ChunkBytes { get; } = chunkBytes;

    public int Count { get; } = (int)(((long)data.Bytes.Length + chunkBytes - 1) / chunkBytes);

    /// <summary>Index of the next chunk to send.</summary>
    public int Next { get; private set; }

    /// <summary>Chunks the inbox has confirmed, cumulatively.</summary>
    public int Acked { get; private set; }

    public bool IsDone => Acked == Count;

    public void Acknowledge(int received) => Acked = Math.Clamp(received, Acked, Next);

    /// <summary>The next chunk; its payload is a slice of the serialized message, not a copy.</summary>
    public TransferChunk NextChunk()
    {
        var offset = Next * ChunkBytes;
        var length = Math.Min(ChunkBytes, Data.Bytes.Length - offset);
        var chunk = new TransferChunk(
            Id, Next, Count, Data.Bytes.Length, Data.SerializerId, Data.Manifest,
            Data.Bytes.Slice(offset, length), Recipient, OriginalSender);
        Next++;
        return chunk;
    }

    /// <summary>A serialized message, shared by every transfer of the same message object.</summary>
    internal sealed class Payload(object message, ReadOnlyMemory<byte> bytes, PooledBytes? pooled, int serializerId, string manifest)
    {
        public object Message { get; } = message;

        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        /// <summary>
        /// The pooled array behind <see cref="Bytes"/>, if any. It goes back to the pool only if
        /// every transfer of it ended cleanly: after an abort, a chunk may still be waiting to be
        /// serialized by Akka.Remote, and must not find the array reused.
        /// </summary>
        public PooledBytes? Pooled { get; } = pooled;

        public bool Abandoned { get; set; }

        public int SerializerId { get; } = serializerId;

        public string Manifest { get; } = manifest;

        public int Users { get; set; }
    }
}
