using System.Runtime.Serialization;
using Akka.Serialization;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class TransferSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public TransferSerializerTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Transfer_chunk_survives_a_serializer_round_trip()
    {
        var recipient = CreateTestProbe();
        var sender = CreateTestProbe();
        var chunk = new TransferChunk(Guid.NewGuid(), 3, 7, 1_500_000, 4199, "W", new byte[] { 1, 2, 3, 255 }, recipient.Ref, sender.Ref);

        var copy = (TransferChunk)RoundTrip(chunk);

        Assert.Equal((chunk.TransferId, 3, 7, 1_500_000L, 4199, "W"), (copy.TransferId, copy.Index, copy.Count, copy.TotalBytes, copy.SerializerId, copy.Manifest));
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, copy.Payload.ToArray());
        Assert.Equal(recipient.Ref, copy.Recipient);
        Assert.Equal(sender.Ref, copy.OriginalSender);
    }

    [Fact]
    public void Chunk_without_a_sender_reads_back_as_nobody()
    {
        var chunk = new TransferChunk(Guid.NewGuid(), 0, 1, 0, 4199, "W", ReadOnlyMemory<byte>.Empty, TestActor, Akka.Actor.ActorRefs.Nobody);

        var copy = (TransferChunk)RoundTrip(chunk);

        Assert.Same(Akka.Actor.ActorRefs.Nobody, copy.OriginalSender);
        Assert.Equal(0, copy.Payload.Length);
    }

    [Fact]
    public void Ack_and_abort_survive_a_serializer_round_trip()
    {
        var id = Guid.NewGuid();

        Assert.Equal(new ChunkAck(id, 42), RoundTrip(new ChunkAck(id, 42)));
        Assert.Equal(new TransferAborted(id, "too big"), RoundTrip(new TransferAborted(id, "too big")));
    }

    [Fact]
    public void Every_transfer_message_is_bound_to_the_binary_serializer()
    {
        foreach (var type in new[] { typeof(TransferChunk), typeof(ChunkAck), typeof(TransferAborted) })
        {
            Assert.IsType<TransferSerializer>(Sys.Serialization.FindSerializerForType(type));
        }
    }

    [Fact]
    public void Truncated_chunk_is_a_serialization_error()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(TransferChunk));
        var bytes = serializer.ToBinary(new TransferChunk(Guid.NewGuid(), 0, 1, 8, 4199, "W", new byte[8], TestActor, TestActor));

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], "C"));

        Assert.StartsWith("Message 'C' is malformed: length 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_message_serializes_to_raw_floats_plus_a_small_header()
    {
        var message = TestMessageSerializer.Sample("w", megabytes: 1, arrays: 2);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var copy = (TestWeightsMessage)Sys.Serialization.Deserialize(bytes, serializer.Identifier, "W");

        Assert.InRange(bytes.Length - message.Weights.ByteCount, 1, 200);
        Assert.Equal(message.Weights["blocks.1.conv.weight"].Values, copy.Weights["blocks.1.conv.weight"].Values);
    }

    private object RoundTrip(object message)
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(message);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }
}
