using Akka.Actor;
using Akka.TestKit;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class TransferInboxTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TransferSettings Settings = new(1024, TimeSpan.FromMilliseconds(300), 4, 1 << 20);

    public TransferInboxTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Inbox_reassembles_out_of_order_chunks_and_delivers_with_the_original_sender()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var outbox = CreateTestProbe();
        var recipient = CreateTestProbe();
        var originalSender = CreateTestProbe();
        var message = TestMessageSerializer.Sample("out-of-order", megabytes: 1, arrays: 3);
        var chunks = Chunk(message, recipient.Ref, originalSender.Ref, parts: 3);

        inbox.Tell(chunks[2], outbox.Ref);
        inbox.Tell(chunks[0], outbox.Ref);
        inbox.Tell(chunks[1], outbox.Ref);

        Assert.Equal([0, 1, 3], outbox.ReceiveN(3).Cast<ChunkAck>().Select(ack => ack.Received));
        var delivered = recipient.ExpectMsg<TestWeightsMessage>();
        Assert.Equal(originalSender.Ref, recipient.LastSender);
        Assert.Equal("out-of-order", delivered.Label);
        foreach (var array in message.Weights)
        {
            Assert.Equal(array.Values, delivered.Weights[array.Name].Values);
        }
    }

    [Fact]
    public void Inbox_drops_an_incomplete_transfer_after_the_reassembly_timeout()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var outbox = CreateTestProbe();
        var recipient = CreateTestProbe();
        var chunks = Chunk(TestMessageSerializer.Sample("stalled", megabytes: 1, arrays: 1), recipient.Ref, TestActor, parts: 2);

        EventFilter.Warning(contains: "no chunk for").ExpectOne(() =>
        {
            inbox.Tell(chunks[0], outbox.Ref);
            outbox.ExpectMsg<ChunkAck>();
            Assert.Equal(chunks[0].TransferId, outbox.ExpectMsg<TransferAborted>(TimeSpan.FromSeconds(3)).TransferId);
        });
        inbox.Tell(chunks[1], outbox.Ref);

        recipient.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Inbox_refuses_a_transfer_larger_than_it_may_buffer()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings with { MaxBufferedBytes = 64 * 1024 }));
        var outbox = CreateTestProbe();
        var recipient = CreateTestProbe();
        var chunks = Chunk(TestMessageSerializer.Sample("huge", megabytes: 1, arrays: 1), recipient.Ref, TestActor, parts: 2);

        inbox.Tell(chunks[0], outbox.Ref);

        Assert.Contains("exceed", outbox.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
        inbox.Tell(chunks[1], outbox.Ref);
        recipient.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Inbox_aborts_a_transfer_whose_chunks_disagree_on_the_size()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var outbox = CreateTestProbe();
        var chunks = Chunk(TestMessageSerializer.Sample("bad", megabytes: 1, arrays: 1), TestActor, TestActor, parts: 2);

        inbox.Tell(chunks[0], outbox.Ref);
        inbox.Tell(chunks[1] with { TotalBytes = chunks[1].TotalBytes + 1 }, outbox.Ref);

        outbox.ExpectMsg<ChunkAck>();
        Assert.Contains("does not match", outbox.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private TransferChunk[] Chunk(TestWeightsMessage message, IActorRef recipient, IActorRef originalSender, int parts)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var size = (bytes.Length + parts - 1) / parts;
        var id = Guid.NewGuid();
        return Enumerable.Range(0, parts)
            .Select(i => new TransferChunk(
                id, i, parts, bytes.Length, serializer.Identifier, "W",
                bytes.AsMemory(i * size, Math.Min(size, bytes.Length - (i * size))), recipient, originalSender))
            .ToArray();
    }
}
