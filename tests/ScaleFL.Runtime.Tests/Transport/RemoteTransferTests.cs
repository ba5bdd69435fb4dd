using System.Diagnostics;
using Akka.Event;
using ScaleFL.Runtime.Transport;
using Xunit.Abstractions;

namespace ScaleFL.Runtime.Tests.Transport;

/// <summary>
/// Two nodes with the data lane off, whose maximum frame (1 MiB) is far smaller than the
/// messages: only the chunked path can deliver them, and any frame above 300 KiB would be
/// reported by Akka.Remote.
/// </summary>
public sealed class RemoteTransferTests(ChunkedRemoteNodes nodes, ITestOutputHelper output) : IClassFixture<ChunkedRemoteNodes>
{
    [Fact]
    public void Chunked_transfer_delivers_8_MB_of_weights_to_another_node_with_the_original_sender()
    {
        var message = TestMessageSerializer.Sample("8 MB", megabytes: 8, arrays: 3);
        var recipient = nodes.Receiving.CreateTestProbe();
        var sender = nodes.Sending.CreateTestProbe();

        var watch = Stopwatch.StartNew();
        BulkTransfer.Send(nodes.Sending.Sys, nodes.RemoteRef(recipient.Ref), message, sender.Ref);
        var delivered = recipient.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(15));
        watch.Stop();
        recipient.Reply("received");

        Report(message, watch.Elapsed);
        AssertSameWeights(message, delivered);
        sender.ExpectMsg("received");
    }

    [Fact]
    public void Chunked_transfer_delivers_44_MB_without_oversized_frames_or_heartbeat_warnings()
    {
        var message = TestMessageSerializer.Sample("44 MB", megabytes: 44, arrays: 4);
        var recipient = nodes.Receiving.CreateTestProbe();
        var logs = nodes.WatchLogs();

        var watch = Stopwatch.StartNew();
        BulkTransfer.Send(nodes.Sending.Sys, nodes.RemoteRef(recipient.Ref), message, nodes.Sending.TestActor);
        var delivered = recipient.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(20));
        watch.Stop();

        Report(message, watch.Elapsed);
        AssertSameWeights(message, delivered);
        var events = RemoteNodes.Collected(logs);
        Assert.DoesNotContain(events, e => e is Warning or Error);
        Assert.DoesNotContain(events, e => e.Message.ToString()!.Contains("Payload size for", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_tell_of_8_MB_is_dropped_by_the_frame_limit_that_chunking_respects()
    {
        var message = TestMessageSerializer.Sample("unchunked", megabytes: 8, arrays: 1);
        var recipient = nodes.Receiving.CreateTestProbe();
        var logs = nodes.WatchLogs();

        nodes.RemoteRef(recipient.Ref).Tell(message, nodes.Sending.TestActor);

        recipient.ExpectNoMsg(TimeSpan.FromSeconds(1));
        var events = RemoteNodes.Collected(logs);
        Assert.Contains(events, e => e is Error { Cause: { } cause } && cause.GetType().Name == "OversizedPayloadException");
        Assert.Contains(events, e => e.Message.ToString()!.Contains("Payload size for", StringComparison.Ordinal));
    }

    private static void AssertSameWeights(TestWeightsMessage sent, TestWeightsMessage received)
    {
        Assert.Equal(sent.Label, received.Label);
        Assert.Equal(sent.Weights.Names, received.Weights.Names);
        foreach (var array in sent.Weights)
        {
            Assert.Equal(array.Shape, received.Weights[array.Name].Shape);
            Assert.True(array.Values.AsSpan().SequenceEqual(received.Weights[array.Name].Values), $"values of {array.Name} differ");
        }
    }

    private void Report(TestWeightsMessage message, TimeSpan elapsed)
    {
        var megabytes = message.Weights.ByteCount / 1e6;
        var settings = BulkTransfer.Get(nodes.Sending.Sys).Settings;
        output.WriteLine(
            $"{megabytes:F1} MB in {elapsed.TotalMilliseconds:F0} ms = {megabytes / elapsed.TotalSeconds:F1} MB/s " +
            $"(chunk {settings.ChunkBytes / 1024} KiB, window {settings.MaxInFlightChunks})");
    }
}
