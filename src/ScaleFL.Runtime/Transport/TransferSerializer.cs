using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Binary serializer for <see cref="ITransferMessage"/>: a chunk is its header followed by the
/// raw payload bytes. A chunk is written into one array of its exact size (one copy of the
/// payload) and read back as a slice of the frame's array (no copy): at hundreds of MB/s every
/// extra copy and every large-object-heap array the collector must sweep shows.
/// </summary>
public sealed class TransferSerializer : WeightMessageSerializer
{
    /// <summary>Serializer id used in the HOCON bindings; ScaleFL's ids start at 4100.</summary>
    public const int Id = 4100;

    private const string ChunkManifest = "C";

    /// <summary>Called by Akka.</summary>
    public TransferSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<TransferChunk>(ChunkManifest, WriteChunk, ReadChunk, chunk => chunk.Payload.Length);
        Register<ChunkAck>(
            "A",
            (writer, ack) => { WireFormat.WriteGuid(writer, ack.TransferId); writer.Write(ack.Received); },
            reader => new ChunkAck(WireFormat.ReadGuid(reader), reader.ReadInt32()));
        Register<TransferAborted>(
            "X",
            (writer, aborted) => { WireFormat.WriteGuid(writer, aborted.TransferId); writer.Write(aborted.Reason); },
            reader => new TransferAborted(WireFormat.ReadGuid(reader), reader.ReadString()));
        Register<LaneOffer>(
            "O",
            (writer, offer) =>
            {
                WireFormat.WriteGuid(writer, offer.TransferId);
                writer.Write(offer.TotalBytes);
                writer.Write(offer.SerializerId);
                writer.Write(offer.Manifest);
                WriteActorRef(writer, offer.Recipient);
                WriteActorRef(writer, offer.OriginalSender);
            },
            reader => new LaneOffer(WireFormat.ReadGuid(reader), reader.ReadInt64(), reader.ReadInt32(), reader.ReadString(), ReadActorRef(reader), ReadActorRef(reader)));
        Register<LaneOfferAck>(
            "K",
            (writer, ack) => { WireFormat.WriteGuid(writer, ack.TransferId); writer.Write(ack.Host); writer.Write(ack.Port); WireFormat.WriteGuid(writer, ack.Ticket); },
            reader => new LaneOfferAck(WireFormat.ReadGuid(reader), reader.ReadString(), reader.ReadInt32(), WireFormat.ReadGuid(reader)));
        Register<AskLimits>("Q", (writer, ask) => WriteLimits(writer, ask.Asker), reader => new AskLimits(ReadLimits(reader)));
        Register<TransferLimits>("L", WriteLimits, ReadLimits);
        Register<LaneOfferNack>(
            "N",
            (writer, nack) => { WireFormat.WriteGuid(writer, nack.TransferId); writer.Write(nack.Reason); },
            reader => new LaneOfferNack(WireFormat.ReadGuid(reader), reader.ReadString()));
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    private static void WriteLimits(BinaryWriter writer, TransferLimits limits)
    {
        writer.Write(limits.FrameBytes);
        writer.Write(limits.ChunkBytes);
        writer.Write(limits.Lane);
        writer.Write(limits.MaxMessageBytes);
    }

    private static TransferLimits ReadLimits(BinaryReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt32(), reader.ReadBoolean(), reader.ReadInt64());

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        if (obj is not TransferChunk chunk)
        {
            return base.ToBinary(obj);
        }

        // The same bytes as WriteChunk, without a growing stream: the header's size is only known once written.
        using var header = new MemoryStream(512);
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            WriteHeader(writer, chunk);
            writer.Write(chunk.Payload.Length);
        }

        var headerLength = (int)header.Length;
        var bytes = GC.AllocateUninitializedArray<byte>(headerLength + chunk.Payload.Length);
        header.GetBuffer().AsSpan(0, headerLength).CopyTo(bytes);
        chunk.Payload.Span.CopyTo(bytes.AsSpan(headerLength));
        return bytes;
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest != ChunkManifest)
        {
            return base.FromBinary(bytes, manifest);
        }

        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var (id, index, count, total, serializerId, chunkManifest, recipient, sender) = (
                WireFormat.ReadGuid(reader), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt32(),
                reader.ReadString(), ReadActorRef(reader), ReadActorRef(reader));
            var length = reader.ReadInt32();
            var offset = (int)stream.Position;
            var remaining = bytes.Length - offset;
            if (length < 0 || length > remaining)
            {
                throw new SerializationException($"Message '{ChunkManifest}' is malformed: length {length} does not fit in the {remaining} remaining bytes");
            }

            if (length < remaining)
            {
                throw new SerializationException($"Message '{ChunkManifest}' has {remaining - length} trailing bytes.");
            }

            return new TransferChunk(id, index, count, total, serializerId, chunkManifest, bytes.AsMemory(offset, length), recipient, sender);
        }
        catch (EndOfStreamException error)
        {
            throw new SerializationException($"Message '{ChunkManifest}' is truncated.", error);
        }
    }

    private static void WriteChunk(BinaryWriter writer, TransferChunk chunk)
    {
        WriteHeader(writer, chunk);
        WireFormat.WriteBytes(writer, chunk.Payload.Span);
    }

    private static void WriteHeader(BinaryWriter writer, TransferChunk chunk)
    {
        WireFormat.WriteGuid(writer, chunk.TransferId);
        writer.Write(chunk.Index);
        writer.Write(chunk.Count);
        writer.Write(chunk.TotalBytes);
        writer.Write(chunk.SerializerId);
        writer.Write(chunk.Manifest);
        WriteActorRef(writer, chunk.Recipient);
        WriteActorRef(writer, chunk.OriginalSender);
    }

    private TransferChunk ReadChunk(BinaryReader reader) => new(
        TransferId: WireFormat.ReadGuid(reader),
        Index: reader.ReadInt32(),
        Count: reader.ReadInt32(),
        TotalBytes: reader.ReadInt64(),
        SerializerId: reader.ReadInt32(),
        Manifest: reader.ReadString(),
        Recipient: ReadActorRef(reader),
        OriginalSender: ReadActorRef(reader),
        Payload: WireFormat.ReadBytes(reader));
}
