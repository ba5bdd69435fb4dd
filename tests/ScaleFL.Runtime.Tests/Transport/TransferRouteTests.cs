using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class TransferRouteTests
{
    // cluster-config/lab-server.conf and jetson-client.conf.
    private static readonly TransferSettings LabServer = TransferSettings.Default with { ChunkBytes = 1 << 20, FrameBytes = 2 << 20 };
    private static readonly TransferLimits Jetson = new(256 * 1024, 64 * 1024, true, 256L << 20);

    [Fact]
    public void A_message_over_the_receivers_frame_goes_in_chunks_that_fit_it_though_it_fits_the_senders_chunk()
    {
        // The reported case: 982617 bytes told in one frame, dropped by a node whose frames stop at 262144.
        var route = TransferRoute.For(LabServer, Jetson, 982_617);

        Assert.False(route.Direct);
        Assert.Equal((256 * 1024) - TransferSettings.ChunkOverheadBytes, route.ChunkBytes);
        Assert.Null(route.Refusal);
    }

    [Fact]
    public void Chunks_never_exceed_the_senders_own_chunk_size()
    {
        var route = TransferRoute.For(TransferSettings.Default with { ChunkBytes = 64 * 1024, FrameBytes = 256 * 1024 }, StandInInbox.Generous, 10_000_000);

        Assert.Equal(64 * 1024, route.ChunkBytes);
    }

    [Fact]
    public void A_message_within_both_frames_is_told_directly()
    {
        Assert.True(TransferRoute.For(LabServer, Jetson, 200_000).Direct);
    }

    [Fact]
    public void The_lane_is_offered_only_when_both_nodes_have_one()
    {
        Assert.True(TransferRoute.For(LabServer, Jetson, 10_000_000).OfferLane);
        Assert.False(TransferRoute.For(LabServer, Jetson with { Lane = false }, 10_000_000).OfferLane);
        Assert.False(TransferRoute.For(LabServer with { DataLane = LabServer.DataLane with { Enabled = false } }, Jetson, 10_000_000).OfferLane);
    }

    [Fact]
    public void A_message_larger_than_the_receiver_accepts_from_one_node_is_refused_naming_its_setting()
    {
        var route = TransferRoute.For(LabServer, Jetson with { MaxMessageBytes = 1 << 20 }, 2 << 20);

        Assert.Contains("max-buffered-bytes-per-node", route.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receiver_whose_frames_cannot_hold_a_chunk_is_refused_naming_its_frame_size()
    {
        var route = TransferRoute.For(LabServer, Jetson with { FrameBytes = 4096 }, 100_000);

        Assert.Contains("maximum-frame-size (4096 bytes)", route.Refusal, StringComparison.Ordinal);
    }
}
