using Akka.Configuration;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Cluster.Downing;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Cluster;

public sealed class ClusterConfigTests
{
    public static TheoryData<string> Files { get; } = ["local-simulation.conf", "lab-server.conf", "lab-client.conf", "jetson-client.conf"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_cluster_config_file_keeps_a_chunk_inside_its_frame(string file)
    {
        var config = Load(file).WithFallback(ClusterDefaults.Hocon).WithFallback(TransportConfig.Default);

        var transfer = TransferSettings.FromConfig(config).Validated();
        var frame = config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);

        Assert.True(transfer.ChunkBytes + TransferSettings.ChunkOverheadBytes <= frame, $"{file}: chunk {transfer.ChunkBytes} + header exceeds frame {frame}");
    }

    [Fact]
    public void Local_simulation_file_documents_exactly_the_built_in_defaults()
    {
        var file = Load("local-simulation.conf");
        var defaults = ConfigurationFactory.ParseString(ClusterDefaults.Hocon);

        foreach (var (path, _) in defaults.AsEnumerable())
        {
            Assert.Equal(defaults.GetString(path), file.GetString(path));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_cluster_file_lets_a_client_down_the_server(string file)
    {
        var config = Load(file).WithFallback(ConfigurationFactory.ParseString(ClusterDefaults.Hocon));

        Assert.Equal(typeof(ServerDowningProvider), Type.GetType(config.GetString("akka.cluster.downing-provider-class"), throwOnError: true));
        if (!file.Contains("client", StringComparison.Ordinal))
        {
            // Only the server downs, judging clients with its own failure detector.
            Assert.True(config.GetTimeSpan(ServerDowningProvider.DownAfterKey) > config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"), file);
        }

        Assert.True(config.GetTimeSpan("scalefl.client.server-lost-after") > config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"), file);
    }

    [Fact]
    public async Task Jetson_file_shrinks_the_chunks_and_the_port_flag_still_wins()
    {
        var port = FreePort();
        await using var node = await ClusterNode.StartAsync(new NodeOptions { Port = port, Config = Load("jetson-client.conf") });

        Assert.Equal(64 * 1024, BulkTransfer.Get(node.System).Settings.ChunkBytes);
        Assert.Equal(256 * 1024, node.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null));
        Assert.Equal(port, node.Address.Port);
        Assert.Equal("127.0.0.1", node.Address.Host);
    }

    private static Config Load(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "cluster-config")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(directory.FullName, "cluster-config", file)));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
