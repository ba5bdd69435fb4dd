using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using ScaleFL.Runtime.Transport.DataLane;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Per-system entry point of <see cref="TransferProtocol"/>: starts this node's inbox and outbox
/// on first use and sends messages of any size. A recipient in the same system gets a plain
/// <c>Tell</c> (the one-process simulation pays no serialization); a remote one gets the chunked
/// path. Requires <see cref="TransportConfig.Hocon"/> in the system's configuration. On a
/// remoting node it also opens the data lane (unless it is off); with TLS on, the lane speaks TLS
/// with the node certificate and Akka.Remote's validation rules (<see cref="DataLaneTls"/>).
/// </summary>
public sealed class BulkTransfer : IExtension
{
    private readonly IActorRef outbox;

    /// <summary>Use <see cref="Get"/>.</summary>
    public BulkTransfer(ExtendedActorSystem system)
    {
        var settings = TransferSettings.ForNode(system.Settings.Config);
        EnsureSerializerBound(system);

        if (settings.DataLane.Enabled && system.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false))
        {
            settings = settings with { DataLane = settings.DataLane with { Tls = DataLaneTls.FromConfig(system.Settings.Config) } };
        }

        Lane = OpenLane(system, settings);
        Settings = Lane is null ? settings with { DataLane = settings.DataLane with { Enabled = false } } : settings;
        outbox = system.ActorOf(OutboxProps(Settings), OutboxName);
        Inbox = system.ActorOf(InboxProps(Settings, Lane, outbox), InboxName);
    }

    /// <summary>This node's data lane; null when it is off or the system has no remoting.</summary>
    public DataLaneEndpoint? Lane { get; }

    /// <summary>The settings read from <c>scalefl.transfer</c>.</summary>
    public TransferSettings Settings { get; }

    /// <summary>This node's inbox, at <c>/user/scalefl-transfer</c>.</summary>
    public IActorRef Inbox { get; }

    /// <summary>The extension of <paramref name="system"/>, started on first call.</summary>
    public static BulkTransfer Get(ActorSystem system) => system.WithExtension<BulkTransfer, BulkTransferProvider>();

    /// <summary>Shorthand for <c>Get(system).Send(recipient, message, sender)</c>.</summary>
    public static void Send(ActorSystem system, IActorRef recipient, object message, IActorRef? sender = null) =>
        Get(system).Send(recipient, message, sender);

    /// <summary>
    /// Delivers <paramref name="message"/> to <paramref name="recipient"/> as if told by
    /// <paramref name="sender"/>, chunked when the recipient is on another node. Delivery is
    /// at most once, like <c>Tell</c>; failures are logged by the inbox and outbox.
    /// </summary>
    public void Send(IActorRef recipient, object message, IActorRef? sender = null)
    {
        sender ??= ActorRefs.Nobody;
        if (recipient is IInternalActorRef { IsLocal: true })
        {
            recipient.Tell(message, sender);
            return;
        }

        outbox.Tell(new TransferProtocol.Send(recipient, message, sender));
    }

    private static DataLaneEndpoint? OpenLane(ExtendedActorSystem system, TransferSettings settings)
    {
        var address = system.Provider.DefaultAddress;
        if (!settings.DataLane.Enabled || address.Host is null)
        {
            return null;
        }

        var config = system.Settings.Config;
        // Listen where Akka.Remote listens; advertise the host in this node's address (its public hostname when set).
        var bindHost = config.GetString("akka.remote.dot-netty.tcp.bind-hostname", null);
        if (string.IsNullOrWhiteSpace(bindHost))
        {
            bindHost = config.GetString("akka.remote.dot-netty.tcp.hostname", null);
        }

        var bindAddress = BindAddress(bindHost);
        var listener = new DataLaneListener(bindAddress, settings.DataLane, TransferBufferPool.Of(system));
        var endpoint = new DataLaneEndpoint(listener, address.Host);
        system.RegisterOnTermination(endpoint.Dispose);
        system.Log.Info("Data lane listening on {0}:{1}, advertised as {2}:{1}{3}", bindAddress, endpoint.Port, endpoint.Host, settings.DataLane.Tls is null ? string.Empty : ", TLS with the node certificate");
        return endpoint;
    }

    private static IPAddress BindAddress(string? host)
    {
        if (string.IsNullOrWhiteSpace(host) || host is "0.0.0.0" or "*")
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(host, out var parsed))
        {
            return parsed;
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.First();
    }

    private static void EnsureSerializerBound(ExtendedActorSystem system)
    {
        var bound = system.Serialization.FindSerializerForType(typeof(TransferChunk));
        if (bound is not TransferSerializer)
        {
            throw new ConfigurationException(
                $"ITransferMessage is bound to {bound.GetType().Name}; add TransportConfig.Hocon (cluster-config/transport.conf) to the system's configuration.");
        }
    }
}

/// <summary>Akka extension id of <see cref="BulkTransfer"/>.</summary>
public sealed class BulkTransferProvider : ExtensionIdProvider<BulkTransfer>
{
    /// <inheritdoc />
    public override BulkTransfer CreateExtension(ExtendedActorSystem system) => new(system);
}
