using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Transport;
using Xunit.Abstractions;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

/// <summary>
/// Two nodes with the production settings: big messages go over the data lane, and Akka.Remote
/// carries only the offer, the ticket and small replies (any frame above 300 KiB is reported).
/// </summary>
public sealed class RemoteDataLaneTests(RemoteNodes nodes, ITestOutputHelper output) : IClassFixture<RemoteNodes>
{
    [Fact]
    public void Both_nodes_open_a_lane_on_the_loopback_interface_of_their_address()
    {
        var lane = BulkTransfer.Get(nodes.Receiving.Sys).Lane;

        Assert.NotNull(lane);
        Assert.Equal("127.0.0.1", lane.Host);
        Assert.True(lane.Port > 0);
        Assert.NotNull(BulkTransfer.Get(nodes.Sending.Sys).Lane);
    }

    [Fact]
    public void Lane_delivers_44_MB_with_the_original_sender_and_no_big_frame_or_warning()
    {
        var message = TestMessageSerializer.Sample("44 MB", megabytes: 44, arrays: 4);
        var recipient = nodes.Receiving.CreateTestProbe();
        var sender = nodes.Sending.CreateTestProbe();
        var logs = nodes.WatchLogs();

        var watch = Stopwatch.StartNew();
        BulkTransfer.Send(nodes.Sending.Sys, nodes.RemoteRef(recipient.Ref), message, sender.Ref);
        var delivered = recipient.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(20));
        watch.Stop();
        recipient.Reply("received");

        output.WriteLine($"44 MB over the data lane in {watch.ElapsedMilliseconds} ms");
        sender.ExpectMsg("received");
        Assert.Equal(message.Weights.Names, delivered.Weights.Names);
        foreach (var array in message.Weights)
        {
            Assert.True(array.Values.AsSpan().SequenceEqual(delivered.Weights[array.Name].Values), $"values of {array.Name} differ");
        }

        var events = RemoteNodes.Collected(logs);
        Assert.DoesNotContain(events, e => e is Warning or Error);
        Assert.DoesNotContain(events, e => e.Message.ToString()!.Contains("Payload size for", StringComparison.Ordinal));
    }

    [Fact]
    public void A_receiver_with_its_lane_off_still_gets_the_message_in_chunks()
    {
        using var laneless = new Akka.TestKit.Xunit2.TestKit(TransportTestConfig.Remote("scalefl.transfer.data-lane.enabled = off"), "laneless");
        Assert.Null(BulkTransfer.Get(laneless.Sys).Lane);
        var recipient = laneless.CreateTestProbe();
        var address = ((ExtendedActorSystem)laneless.Sys).Provider.DefaultAddress;
        var remote = ((ExtendedActorSystem)nodes.Sending.Sys).Provider.ResolveActorRef(recipient.Ref.Path.ToStringWithAddress(address));

        BulkTransfer.Send(nodes.Sending.Sys, remote, TestMessageSerializer.Sample("to a laneless node", megabytes: 4, arrays: 2));

        Assert.Equal("to a laneless node", recipient.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(20)).Label);
    }
}
