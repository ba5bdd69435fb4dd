using Akka.Configuration;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Tests.TestModels;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Cluster;

/// <summary>
/// Every shipped client file against every shipped server file trains a round, with and without
/// TLS (issue 11: lab-server.conf and jetson-client.conf lost every task to a 982617-byte frame
/// the client's 262144-byte limit discarded). The model's stage-1 task is about 1 MB: above the
/// Jetson's frame, below the lab server's chunk.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ShippedConfigPairsTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>, IDisposable
{
    private static readonly string[] ClientFiles = ["jetson-client.conf", "lab-client.conf", "local-simulation.conf"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-pairs-").FullName;
    private readonly List<TrainingExecutor> executors = [];

    public static TheoryData<string, bool> Servers { get; } = new()
    {
        { "lab-server.conf", false },
        { "lab-server.conf", true },
        { "local-simulation.conf", false },
        { "local-simulation.conf", true },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Every_shipped_client_config_trains_a_round_with_the_server_config(string serverFile, bool tls)
    {
        var certificate = tls ? TestCertificates.SelfSignedPfx(directory, "pairs") : null;
        await using var server = await ClusterNode.StartAsync(Options(serverFile, certificate) with { Roles = [ClusterNames.ServerRole] });
        var clients = new List<ClusterNode>();
        try
        {
            for (var id = 0; id < ClientFiles.Length; id++)
            {
                var node = await ClusterNode.StartAsync(Options(ClientFiles[id], certificate) with { Roles = [ClusterNames.ClientRole], SeedNodes = [server.SeedAddress] });
                clients.Add(node);
                var executor = new TrainingExecutor(() => TinyData.WideModel(), 1);
                executors.Add(executor);
                FederationClient.Start(node.System, new ClientDeviceSettings { ClientId = id, BudgetBytes = 1000 }, fixture.ClientData[id], executor);
            }

            var plan = LocalCluster.Plan(fixture, rounds: 1, clients: ClientFiles.Length) with { ModelFactory = () => TinyData.WideModel(seed: 1) };
            var result = await FederationServer.RunAsync(server.System, plan);

            var round = Assert.Single(result.Rounds);
            Assert.Equal([0, 1, 2], round.Metrics.Participants.Order());
            // With TLS as without: the big messages have the lane, not only chunks.
            Assert.NotNull(BulkTransfer.Get(server.System).Lane);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        foreach (var executor in executors)
        {
            executor.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The shipped file as a deployment would use it, with OS-chosen ports and the fast failure detector of the cluster tests.</summary>
    private static NodeOptions Options(string file, string? certificate)
    {
        var loopback = ConfigurationFactory.ParseString("""
            scalefl.transfer.data-lane.port = 0
            akka.remote.dot-netty.tcp.ssl.suppress-validation = true
            """);
        var config = LocalCluster.Fast.WithFallback(loopback).WithFallback(ShippedFile(file));
        if (certificate is not null)
        {
            config = config.WithFallback(ShippedFile("tls.conf"));
        }

        return new NodeOptions { Config = config, TlsCertificatePath = certificate, TlsPassword = "pairs" };
    }

    private static Config ShippedFile(string file)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "cluster-config")))
        {
            folder = folder.Parent;
        }

        return ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(folder!.FullName, "cluster-config", file)));
    }
}
