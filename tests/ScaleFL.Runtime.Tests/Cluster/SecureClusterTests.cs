using Akka.Configuration;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Tests.TestModels;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Tests.Cluster;

[Collection(TorchCollection.Name)]
public sealed class SecureClusterTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-tls-").FullName;
    private readonly TrainingExecutor first = new(() => TinyData.Model(), 1);
    private readonly TrainingExecutor second = new(() => TinyData.Model(), 1);

    [Fact]
    public async Task Node_without_the_certificate_cannot_join_a_TLS_cluster_and_one_with_it_can()
    {
        var certificate = SelfSignedPfx("s3cret-pfx");
        // A self-signed certificate has no trusted chain; production uses a CA (docs/SECURITY.md).
        var tls = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.ssl.suppress-validation = true").WithFallback(LocalCluster.Fast);
        await using var server = await ClusterNode.StartAsync(new NodeOptions
        {
            Roles = [ClusterNames.ServerRole], Config = tls, TlsCertificatePath = certificate, TlsPassword = "s3cret-pfx",
        });
        // Plain TCP to the TLS port: the handshake, not the address scheme, is what must refuse it.
        var plainSeed = server.SeedAddress.Replace("akka.ssl.tcp://", "akka.tcp://", StringComparison.Ordinal);
        await using var plain = await ClusterNode.StartAsync(new NodeOptions { Roles = [ClusterNames.ClientRole], SeedNodes = [plainSeed], Config = LocalCluster.Fast });
        await using var trusted = await ClusterNode.StartAsync(new NodeOptions
        {
            Roles = [ClusterNames.ClientRole], SeedNodes = [server.SeedAddress], Config = tls, TlsCertificatePath = certificate, TlsPassword = "s3cret-pfx",
        });

        Assert.StartsWith("akka.ssl.tcp://", server.SeedAddress, StringComparison.Ordinal);
        Assert.True(await trusted.WaitUntilUpAsync(TimeSpan.FromSeconds(15)));
        Assert.False(await plain.WaitUntilUpAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Client_node_without_the_join_secret_is_refused_and_never_trains()
    {
        await using var server = await LocalCluster.Server();
        await using var member = await LocalCluster.Client(server);
        await using var intruder = await LocalCluster.Client(server);
        var token = JoinSecret.Token("federation-secret");
        Start(member, first, clientId: 0, token);
        Start(intruder, second, clientId: 1, JoinSecret.Token("guessed"));
        var plan = LocalCluster.Plan(fixture, rounds: 1, clients: 1) with
        {
            Aggregator = LocalCluster.Plan(fixture, 1, 1).Aggregator with { JoinSecretHash = token, ExpectedClients = 1 },
        };

        var result = await FederationServer.RunAsync(server.System, plan);

        var round = Assert.Single(result.Rounds);
        Assert.Equal([0], round.Metrics.Participants);
        Assert.Equal(1, round.Metrics.Eligible);
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private void Start(ClusterNode node, TrainingExecutor executor, int clientId, string token) => FederationClient.Start(
        node.System,
        new ClientDeviceSettings { ClientId = clientId, BudgetBytes = 1000, JoinToken = token },
        fixture.ClientData[clientId],
        executor);

    private string SelfSignedPfx(string password) => TestCertificates.SelfSignedPfx(directory, password);
}
