using Akka.Configuration;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Cluster;

public sealed class NodeConfigExceptionTests
{
    [Fact]
    public async Task A_frame_too_small_for_a_chunk_stops_the_node_before_it_starts_naming_both_settings()
    {
        var config = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 100000b").WithFallback(LocalCluster.Fast);

        var error = await Assert.ThrowsAsync<NodeConfigException>(() => ClusterNode.StartAsync(new NodeOptions { Port = 0, Config = config }));

        Assert.Equal(
            "scalefl.transfer.chunk-size (262144 bytes) plus 4096 bytes of header must fit in akka.remote.dot-netty.tcp.maximum-frame-size (100000 bytes); raise the frame size or lower the chunk size.",
            error.Message);
    }

    [Fact]
    public async Task A_chunk_size_out_of_range_stops_the_node_naming_the_setting()
    {
        var config = ConfigurationFactory.ParseString("scalefl.transfer.chunk-size = 0").WithFallback(LocalCluster.Fast);

        var error = await Assert.ThrowsAsync<NodeConfigException>(() => ClusterNode.StartAsync(new NodeOptions { Port = 0, Config = config }));

        Assert.Contains("scalefl.transfer.chunk-size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scalefl.transfer.max-in-flight-chunks = 0", "scalefl.transfer.max-in-flight-chunks")]
    [InlineData("scalefl.transfer.chunk-size = 2MiB", "maximum-frame-size")]
    public void The_node_rule_refuses_what_the_extension_refuses(string hocon, string named)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(TransportConfig.Default);

        var error = Assert.Throws<NodeConfigException>(() => TransferSettings.ForNode(config));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_node_rule_takes_the_frame_size_into_the_settings()
    {
        var config = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 2MiB").WithFallback(TransportConfig.Default);

        Assert.Equal(2L << 20, TransferSettings.ForNode(config).FrameBytes);
    }
}
