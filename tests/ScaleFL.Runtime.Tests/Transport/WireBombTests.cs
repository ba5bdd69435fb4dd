using Akka.Actor;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

/// <summary>
/// A node that announces much and sends little (issue 12: eight ~200-byte chunks took committed
/// memory from 3.3 to 7.2 GB). Each bomb must be refused before anything is allocated for it, and
/// an honest node's transfer must still arrive afterwards.
/// </summary>
public sealed class WireBombTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TransferSettings Settings = new(1024, TimeSpan.FromSeconds(10), 4, 64L << 20)
    {
        MaxBufferedBytesPerNode = 16L << 20,
        MaxOpenTransfersPerNode = 2,
    };

    private readonly ActorSystem hostileNode = ActorSystem.Create("hostile");

    public WireBombTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Chunks_announcing_a_huge_count_are_refused_without_allocating_it()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var hostile = CreateTestProbe(hostileNode);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        for (var bomb = 0; bomb < 8; bomb++)
        {
            // 10 million chunks of a 200-byte message: an array of 10 million parts (240 MB) if believed.
            inbox.Tell(new TransferChunk(Guid.NewGuid(), 0, 10_000_000, 200, TestMessageSerializer.IdOf, "W", new byte[100], TestActor, TestActor), hostile.Ref);
            Assert.Contains("invalid header", hostile.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
        }

        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L << 20, "the bombs allocated their announced sizes");
        HonestTransferArrives(inbox);
    }

    [Fact]
    public void One_node_cannot_open_more_transfers_than_its_limit_and_others_still_get_through()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var hostile = CreateTestProbe(hostileNode);

        for (var open = 0; open < Settings.MaxOpenTransfersPerNode; open++)
        {
            inbox.Tell(FirstOf(totalBytes: 4096), hostile.Ref);
            hostile.ExpectMsg<ChunkAck>();
        }

        inbox.Tell(FirstOf(totalBytes: 4096), hostile.Ref);

        Assert.Contains("max-open-transfers-per-node", hostile.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
        HonestTransferArrives(inbox);
    }

    [Fact]
    public void One_node_cannot_reserve_more_than_its_share_of_the_buffer_and_others_still_get_through()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var hostile = CreateTestProbe(hostileNode);

        inbox.Tell(FirstOf(totalBytes: Settings.MaxBufferedBytesPerNode), hostile.Ref);
        hostile.ExpectMsg<ChunkAck>();
        inbox.Tell(FirstOf(totalBytes: 4096), hostile.Ref);

        Assert.Contains("max-buffered-bytes-per-node", hostile.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
        HonestTransferArrives(inbox);
    }

    [Fact]
    public void A_manifest_longer_than_any_serializer_uses_is_refused()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var hostile = CreateTestProbe(hostileNode);

        inbox.Tell(FirstOf(totalBytes: 4096) with { Manifest = new string('M', 100_000) }, hostile.Ref);

        Assert.Contains("manifest of 100000 characters", hostile.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunks_smaller_than_the_minimum_cannot_stretch_a_transfer()
    {
        var inbox = Sys.ActorOf(InboxProps(Settings));
        var hostile = CreateTestProbe(hostileNode);

        inbox.Tell(new TransferChunk(Guid.NewGuid(), 0, 4, 4096, TestMessageSerializer.IdOf, "W", new byte[1], TestActor, TestActor), hostile.Ref);

        Assert.Contains("at least 1024", hostile.ExpectMsg<TransferAborted>().Reason, StringComparison.Ordinal);
    }

    protected override void AfterAll()
    {
        hostileNode.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private TransferChunk FirstOf(long totalBytes) => new(
        Guid.NewGuid(), 0, (int)(totalBytes / 1024), totalBytes, TestMessageSerializer.IdOf, "W", new byte[1024], TestActor, TestActor);

    private void HonestTransferArrives(IActorRef inbox)
    {
        var honest = CreateTestProbe();
        var recipient = CreateTestProbe();
        var message = TestMessageSerializer.Sample("honest", megabytes: 1, arrays: 1);
        var bytes = Sys.Serialization.FindSerializerFor(message).ToBinary(message);
        var count = (bytes.Length + Settings.ChunkBytes - 1) / Settings.ChunkBytes;
        var id = Guid.NewGuid();
        for (var i = 0; i < count; i++)
        {
            var offset = i * Settings.ChunkBytes;
            inbox.Tell(
                new TransferChunk(id, i, count, bytes.Length, TestMessageSerializer.IdOf, "W", bytes.AsMemory(offset, Math.Min(Settings.ChunkBytes, bytes.Length - offset)), recipient.Ref, TestActor),
                honest.Ref);
        }

        Assert.Equal("honest", recipient.ExpectMsg<TestWeightsMessage>(TimeSpan.FromSeconds(10)).Label);
    }
}
