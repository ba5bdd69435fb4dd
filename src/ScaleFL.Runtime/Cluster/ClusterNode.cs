using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScaleFL.Runtime.Serialization;
using ScaleFL.Runtime.Transport;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// One cluster member wired through Akka.Hosting (<c>AddAkka</c>, <c>WithRemoting</c>,
/// <c>WithClustering</c>, <c>WithBulkTransfer</c>) without a generic host: the hosted services
/// are started and stopped here. Disposing leaves the cluster gracefully.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly IReadOnlyList<IHostedService> hosted;

    private ClusterNode(ServiceProvider provider, IReadOnlyList<IHostedService> hosted, ActorSystem system)
    {
        this.provider = provider;
        this.hosted = hosted;
        System = system;
    }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>This node's address, with the port actually bound.</summary>
    public Address Address => AkkaCluster.Get(System).SelfAddress;

    /// <summary>The seed address other nodes pass as <c>--seed-node</c>.</summary>
    public string SeedAddress => Address.ToString();

    /// <summary>How this node receives weights, for the console: the data lane's port, or why it has none.</summary>
    public string WeightsPath => Transport.BulkTransfer.Get(System).Lane is { } lane
        ? $"weights arrive on data-lane port {lane.Port}"
        : "weights arrive in chunks through Akka.Remote (data lane off)";

    /// <summary>Starts the node and begins joining; a node without seeds joins itself.</summary>
    public static async Task<ClusterNode> StartAsync(NodeOptions options, CancellationToken ct = default)
    {
        options.Validate();
        CheckSettings(options);
        NodeBindException.ThrowIfUnavailable(options.Host, options.Port);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime, NodeLifetime>()
            .AddAkka(ClusterNames.SystemName, builder => Configure(builder, options));
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        try
        {
            // A failure surfaces once, as the command's line, not also as Akka.Hosting's stack trace on stdout.
            await HostingStartFilter.RunAsync(async () =>
            {
                foreach (var service in hosted)
                {
                    await service.StartAsync(ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            if (NodeBindException.From(error, options.Host, options.Port) is { } unbound)
            {
                throw unbound;
            }

            if (Refused(error) is { } refused)
            {
                throw refused;
            }

            throw;
        }

        var system = provider.GetRequiredService<ActorSystem>();
        if (options.SeedNodes.Count == 0)
        {
            // The bound port is only known now (port 0), so the seed joins itself here rather than by configuration.
            var cluster = AkkaCluster.Get(system);
            cluster.Join(cluster.SelfAddress);
        }

        return new ClusterNode(provider, hosted, system);
    }

    /// <summary>True once this node is Up in the cluster; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitUntilUpAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AkkaCluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        try
        {
            await up.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives this node up without a graceful leave, for a client whose server is gone (a leave
    /// needs the server to converge): the node downs itself, which stops its system, waited for up
    /// to <paramref name="bound"/>; then the services are freed. A client joins again with a new node.
    /// </summary>
    public async Task AbandonAsync(TimeSpan bound)
    {
        var cluster = AkkaCluster.Get(System);
        cluster.Down(cluster.SelfAddress);
        await Task.WhenAny(System.WhenTerminated, Task.Delay(bound)).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Leaves the cluster, stops the system and frees the services.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await provider.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Checks, before the actor system starts, the settings its extensions would refuse at start (Akka.Hosting
    /// would log that failure with a stack trace): the configuration is layered as <see cref="Configure"/> layers it.
    /// </summary>
    /// <exception cref="NodeConfigException">A setting the node cannot start with; the message names it.</exception>
    private static void CheckSettings(NodeOptions options)
    {
        var config = (options.Config ?? Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString(ClusterDefaults.Hocon))
            .WithFallback(ConfigurationFactory.ParseString(RuntimeConfig.Hocon))
            .WithFallback(TransportConfig.Default);
        TransferSettings.ForNode(config);
    }

    /// <summary>A refused setting found at start after all (a check this class does not repeat), anywhere in Akka's wrappers.</summary>
    private static NodeConfigException? Refused(Exception error) => error switch
    {
        NodeConfigException refused => refused,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Refused).FirstOrDefault(found => found is not null),
        { InnerException: { } inner } => Refused(inner),
        _ => null,
    };

    private static void Configure(AkkaConfigurationBuilder builder, NodeOptions options)
    {
        // Each Prepend outranks what came before: defaults, then the deployment file, then the flags.
        builder
            .WithBulkTransfer()
            .AddHocon(RuntimeConfig.Hocon, HoconAddMode.Prepend)
            .AddHocon(ClusterDefaults.Hocon, HoconAddMode.Prepend);
        if (options.Config is not null)
        {
            builder.AddHocon(options.Config, HoconAddMode.Prepend);
        }

        if (options.TlsCertificatePath is { } certificate)
        {
            builder.AddHocon(TlsHocon(certificate, options.TlsPassword), HoconAddMode.Prepend);
        }

        builder
            .WithRemoting(new RemoteOptions { HostName = options.Host, Port = options.Port, PublicHostName = options.PublicHost })
            .WithClustering(new ClusterOptions { Roles = [.. options.Roles], SeedNodes = [.. options.SeedNodes] });
    }

    /// <summary>The certificate flags over the file: TLS on with this certificate; validation rules stay the file's (see cluster-config/tls.conf).</summary>
    private static string TlsHocon(string certificate, string password) => $$"""
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl.certificate {
            path = {{Quote(Path.GetFullPath(certificate))}}
            password = {{Quote(password)}}
          }
        }
        """;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Akka.Hosting stops "the application" when the system terminates; here that is only the node.</summary>
    private sealed class NodeLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
