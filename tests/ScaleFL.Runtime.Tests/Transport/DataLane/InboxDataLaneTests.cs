using System.Net;
using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Transport;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

/// <summary>The inbox's half of the data lane, against a real listener on loopback.</summary>
public sealed class InboxDataLaneTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TransferSettings Settings =
        new(1024, TimeSpan.FromSeconds(10), 4, 4L << 20) { DataLane = DataLaneOptions.Default with { StallTimeout = TimeSpan.FromSeconds(10) } };

    private readonly DataLaneEndpoint lane = new(new DataLaneListener(IPAddress.Loopback, Settings.DataLane), "127.0.0.1");

    public InboxDataLaneTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public async Task Offered_message_arrives_over_the_lane_and_is_delivered_with_the_original_sender()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings, lane));
        var outbox = CreateTestProbe();
        var recipient = CreateTestProbe();
        var originalSender = CreateTestProbe();
        var message = TestMessageSerializer.Sample("over the lane", megabytes: 2, arrays: 3);
        var (offer, bytes) = Offer(message, recipient.Ref, originalSender.Ref);

        inbox.Tell(offer, outbox.Ref);
        var ack = outbox.ExpectMsg<LaneOfferAck>();
        await DataLaneSender.SendAsync(ack.Host, ack.Port, ack.Ticket, bytes, Settings.DataLane, CancellationToken.None);

        var delivered = recipient.ExpectMsg<TestWeightsMessage>();
        Assert.Equal((offer.TransferId, "127.0.0.1", lane.Port), (ack.TransferId, ack.Host, ack.Port));
        Assert.Equal(originalSender.Ref, recipient.LastSender);
        Assert.Equal("over the lane", delivered.Label);
        Assert.Equal(message.Weights.Names, delivered.Weights.Names);
    }

    [Fact]
    public void Inbox_without_a_lane_nacks_every_offer()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var (offer, _) = Offer(TestMessageSerializer.Sample("no lane", megabytes: 1, arrays: 1), TestActor, TestActor);

        inbox.Tell(offer);

        Assert.Equal(offer.TransferId, ExpectMsg<LaneOfferNack>().TransferId);
    }

    [Fact]
    public void Offer_beyond_the_buffer_budget_is_refused_before_any_byte_moves()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings with { MaxBufferedBytes = 1024 * 1024 }, lane));
        var (offer, _) = Offer(TestMessageSerializer.Sample("too big", megabytes: 2, arrays: 1), TestActor, TestActor);

        inbox.Tell(offer);

        Assert.Contains("exceed", ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sender_that_gives_up_frees_its_reservation()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings with { MaxBufferedBytes = 3 * 1024 * 1024 }, lane));
        var (first, _) = Offer(TestMessageSerializer.Sample("first", megabytes: 2, arrays: 1), TestActor, TestActor);
        var (second, _) = Offer(TestMessageSerializer.Sample("second", megabytes: 2, arrays: 1), TestActor, TestActor);
        inbox.Tell(first);
        ExpectMsg<LaneOfferAck>();

        inbox.Tell(new TransferAborted(first.TransferId, "the sender's lane failed"));
        inbox.Tell(second);

        Assert.Equal(second.TransferId, ExpectMsg<LaneOfferAck>().TransferId);
    }

    [Fact]
    public async Task A_sender_that_never_connects_is_forgotten_with_a_warning_and_its_ticket_withdrawn()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings with { ReassemblyTimeout = TimeSpan.FromMilliseconds(500) }, lane));
        var (offer, bytes) = Offer(TestMessageSerializer.Sample("never sent", megabytes: 1, arrays: 1), TestActor, TestActor);
        Sys.EventStream.Subscribe(TestActor, typeof(Warning));

        inbox.Tell(offer);
        var ack = ExpectMsg<LaneOfferAck>();

        Assert.Contains("did not connect", FishForMessage<Warning>(_ => true, TimeSpan.FromSeconds(5)).Message.ToString(), StringComparison.Ordinal);
        var late = await Assert.ThrowsAsync<IOException>(() => DataLaneSender.SendAsync(ack.Host, ack.Port, ack.Ticket, bytes, Settings.DataLane, CancellationToken.None));
        Assert.Contains("UnknownTicket", late.Message, StringComparison.Ordinal);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        lane.Dispose();
    }

    private (LaneOffer Offer, byte[] Bytes) Offer(TestWeightsMessage message, IActorRef recipient, IActorRef originalSender)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        return (new LaneOffer(Guid.NewGuid(), bytes.Length, serializer.Identifier, "W", recipient, originalSender), bytes);
    }
}
