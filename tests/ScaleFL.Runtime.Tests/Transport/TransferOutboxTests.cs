using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.TestActors;
using ScaleFL.Runtime.Transport;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class TransferOutboxTests : Akka.TestKit.Xunit2.TestKit
{
    // The chunked path; the lane's offers are covered by the lane tests further down.
    private static readonly TransferSettings Settings = new(64 * 1024, TimeSpan.FromSeconds(5), 2, 1 << 30) { DataLane = DataLaneOptions.Default with { Enabled = false } };

    public TransferOutboxTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Outbox_keeps_at_most_the_window_of_chunks_unacknowledged()
    {
        var inbox = StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings));
        var recipient = CreateTestProbe();
        var message = TestMessageSerializer.Sample("windowed", megabytes: 1, arrays: 1);

        outbox.Tell(new Send(recipient.Ref, message, TestActor));

        var first = inbox.ExpectMsg<TransferChunk>();
        var second = inbox.ExpectMsg<TransferChunk>();
        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        outbox.Tell(new ChunkAck(first.TransferId, 1), inbox.Ref);
        var third = inbox.ExpectMsg<TransferChunk>();
        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Assert.Equal([0, 1, 2], new[] { first.Index, second.Index, third.Index });
        Assert.Equal(16, first.Count);
        Assert.All(new[] { first, second, third }, chunk => Assert.Equal(64 * 1024, chunk.Payload.Length));
        Assert.Equal((recipient.Ref, TestActor), (first.Recipient, first.OriginalSender));
    }

    [Fact]
    public void Outbox_sends_transfers_to_one_node_one_after_another()
    {
        var inbox = StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings with { MaxInFlightChunks = 64 }));
        var first = TestMessageSerializer.Sample("first", megabytes: 1, arrays: 1);

        outbox.Tell(new Send(TestActor, first, TestActor));
        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("second", megabytes: 1, arrays: 1), TestActor));

        var chunks = inbox.ReceiveN(16).Cast<TransferChunk>().ToList();
        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        outbox.Tell(new ChunkAck(chunks[0].TransferId, 16), inbox.Ref);
        var next = inbox.ExpectMsg<TransferChunk>();

        Assert.Single(chunks.Select(chunk => chunk.TransferId).Distinct());
        Assert.NotEqual(chunks[0].TransferId, next.TransferId);
    }

    [Fact]
    public void Outbox_tells_a_message_smaller_than_a_chunk_directly()
    {
        var inbox = StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings));
        var recipient = CreateTestProbe();
        var small = new TestWeightsMessage("small", new([new("w", [4], [1f, 2f, 3f, 4f])]));

        outbox.Tell(new Send(recipient.Ref, small, TestActor));

        Assert.Same(small, recipient.ExpectMsg<TestWeightsMessage>());
        Assert.Equal(TestActor, recipient.LastSender);
        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Outbox_asks_a_node_its_limits_and_cuts_chunks_that_fit_its_frames()
    {
        var jetson = new TransferLimits(256 * 1024, 64 * 1024, false, 256L << 20);
        var inbox = StandInInbox.Start(this, jetson);
        var outbox = Sys.ActorOf(OutboxProps(Settings with { ChunkBytes = 1 << 20, FrameBytes = 2 << 20, MaxInFlightChunks = 8 }));
        var message = TestMessageSerializer.Sample("for a jetson", megabytes: 1, arrays: 1);

        outbox.Tell(new Send(TestActor, message, TestActor));

        var chunks = inbox.ReceiveN(4).Cast<TransferChunk>().ToList();
        Assert.All(chunks, chunk => Assert.True(chunk.Payload.Length <= jetson.FrameBytes - TransferSettings.ChunkOverheadBytes));
        Assert.Equal(4, chunks[0].Count);
    }

    [Fact]
    public void Outbox_refuses_with_one_error_line_a_message_the_node_would_discard()
    {
        var inbox = StandInInbox.Start(this, StandInInbox.Generous with { MaxMessageBytes = 512 * 1024 });
        var outbox = Sys.ActorOf(OutboxProps(Settings));

        EventFilter.Error(contains: "max-buffered-bytes-per-node").ExpectOne(() =>
            outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("too big for it", megabytes: 1, arrays: 1), TestActor)));

        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
