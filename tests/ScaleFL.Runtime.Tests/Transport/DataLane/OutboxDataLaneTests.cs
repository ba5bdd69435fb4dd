using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.TestActors;
using ScaleFL.Runtime.Transport;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

/// <summary>The outbox's half of the data lane, against a stand-in inbox and a real listener on loopback.</summary>
public sealed class OutboxDataLaneTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TransferSettings Settings =
        new(64 * 1024, TimeSpan.FromSeconds(5), 2, 1 << 30) { DataLane = DataLaneOptions.Default with { StallTimeout = TimeSpan.FromSeconds(2) } };

    public OutboxDataLaneTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public async Task Big_message_is_offered_and_its_bytes_go_over_the_lane_with_no_chunk()
    {
        var inbox = Transport.StandInInbox.Start(this);
        using var listener = new DataLaneListener(IPAddress.Loopback, Settings.DataLane);
        var outbox = Sys.ActorOf(OutboxProps(Settings));
        var message = TestMessageSerializer.Sample("lane", megabytes: 1, arrays: 1);
        var expected = Sys.Serialization.FindSerializerFor(message).ToBinary(message);

        outbox.Tell(new Send(TestActor, message, TestActor));
        var offer = inbox.ExpectMsg<LaneOffer>();
        var ticket = Guid.NewGuid();
        var arrived = new TaskCompletionSource<byte[]>();
        listener.Expect(ticket, offer.TotalBytes, bytes => { using (bytes) { arrived.SetResult(bytes.ToArray()); } }, reason => arrived.SetException(new IOException(reason)));
        outbox.Tell(new LaneOfferAck(offer.TransferId, "127.0.0.1", listener.Port, ticket), inbox.Ref);

        Assert.Equal(expected, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((expected.LongLength, TestActor), (offer.TotalBytes, offer.Recipient));
        inbox.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_nack_sends_the_message_in_chunks_and_later_ones_to_that_node_skip_the_offer()
    {
        var inbox = Transport.StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings with { MaxInFlightChunks = 64 }));

        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("first", megabytes: 1, arrays: 1), TestActor));
        var offer = inbox.ExpectMsg<LaneOffer>();
        outbox.Tell(new LaneOfferNack(offer.TransferId, "lane off"), inbox.Ref);
        var chunks = inbox.ReceiveN(16).Cast<TransferChunk>().ToList();
        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("second", megabytes: 1, arrays: 1), TestActor));
        outbox.Tell(new ChunkAck(chunks[0].TransferId, 16), inbox.Ref);

        Assert.NotEqual(offer.TransferId, chunks[0].TransferId);
        Assert.Equal(offer.TotalBytes, chunks[0].TotalBytes);
        Assert.IsType<TransferChunk>(inbox.ExpectMsg<object>());
    }

    [Fact]
    public void A_lane_that_cannot_be_reached_aborts_the_offer_warns_and_sends_in_chunks()
    {
        var inbox = Transport.StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings));
        Sys.EventStream.Subscribe(TestActor, typeof(Warning));

        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("unreachable", megabytes: 1, arrays: 1), TestActor));
        var offer = inbox.ExpectMsg<LaneOffer>();
        outbox.Tell(new LaneOfferAck(offer.TransferId, "127.0.0.1", ClosedPort(), Guid.NewGuid()), inbox.Ref);

        Assert.Equal(offer.TransferId, inbox.ExpectMsg<TransferAborted>(TimeSpan.FromSeconds(10)).TransferId);
        var chunk = inbox.ExpectMsg<TransferChunk>();
        Assert.NotEqual(offer.TransferId, chunk.TransferId);
        Assert.Contains("Data lane to", FishForMessage<Warning>(_ => true).Message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_retry_interval_the_lane_is_offered_again()
    {
        var inbox = Transport.StandInInbox.Start(this);
        var outbox = Sys.ActorOf(OutboxProps(Settings with { MaxInFlightChunks = 64, DataLane = Settings.DataLane with { RetryAfter = TimeSpan.FromMilliseconds(300) } }));

        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("refused", megabytes: 1, arrays: 1), TestActor));
        var offer = inbox.ExpectMsg<LaneOffer>();
        outbox.Tell(new LaneOfferNack(offer.TransferId, "lane off"), inbox.Ref);
        var chunks = inbox.ReceiveN(16).Cast<TransferChunk>().ToList();
        outbox.Tell(new ChunkAck(chunks[0].TransferId, 16), inbox.Ref);
        Thread.Sleep(400);
        outbox.Tell(new Send(TestActor, TestMessageSerializer.Sample("later", megabytes: 1, arrays: 1), TestActor));

        Assert.NotEqual(offer.TransferId, inbox.ExpectMsg<LaneOffer>().TransferId);
    }


    private static int ClosedPort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
