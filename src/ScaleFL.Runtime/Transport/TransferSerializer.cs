using Akka.Actor;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Binary serializer for <see cref="ITransferMessage"/>: a chunk is its header followed by the
/// raw payload bytes, so a 256 KiB chunk costs one copy in and one copy out.
/// </summary>
public sealed class TransferSerializer : WeightMessageSerializer
{
    /// <summary>Serializer id used in the HOCON bindings; ScaleFL's ids start at 4100.</summary>
    public const int Id = 4100;

    /// <summary>Called by Akka.</summary>
    public TransferSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<TransferChunk>("C", WriteChunk, ReadChunk, chunk => chunk.Payload.Length);
        Register<ChunkAck>(
            "A",
            (writer, ack) => { WireFormat.WriteGuid(writer, ack.TransferId); writer.Write(ack.Received); },
            reader => new ChunkAck(WireFormat.ReadGuid(reader), reader.ReadInt32()));
        Register<TransferAborted>(
            "X",
            (writer, aborted) => { WireFormat.WriteGuid(writer, aborted.TransferId); writer.Write(aborted.Reason); },
            reader => new TransferAborted(WireFormat.ReadGuid(reader), reader.ReadString()));
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    private static void WriteChunk(BinaryWriter writer, TransferChunk chunk)
    {
        WireFormat.WriteGuid(writer, chunk.TransferId);
        writer.Write(chunk.Index);
        writer.Write(chunk.Count);
        writer.Write(chunk.TotalBytes);
        writer.Write(chunk.SerializerId);
        writer.Write(chunk.Manifest);
        WriteActorRef(writer, chunk.Recipient);
        WriteActorRef(writer, chunk.OriginalSender);
        WireFormat.WriteBytes(writer, chunk.Payload.Span);
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
