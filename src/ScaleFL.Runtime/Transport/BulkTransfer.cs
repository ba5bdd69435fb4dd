using Akka.Actor;
using Akka.Configuration;
using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Per-system entry point of <see cref="TransferProtocol"/>: starts this node's inbox and outbox
/// on first use and sends messages of any size. A recipient in the same system gets a plain
/// <c>Tell</c> (the one-process simulation pays no serialization); a remote one gets the chunked
/// path. Requires <see cref="TransportConfig.Hocon"/> in the system's configuration.
/// </summary>
public sealed class BulkTransfer : IExtension
{
    private readonly IActorRef outbox;

    /// <summary>Use <see cref="Get"/>.</summary>
    public BulkTransfer(ExtendedActorSystem system)
    {
        Settings = TransferSettings.FromConfig(system.Settings.Config);
        EnsureConfigured(system, Settings);
        Inbox = system.ActorOf(InboxProps(Settings), InboxName);
        outbox = system.ActorOf(OutboxProps(Settings), OutboxName);
    }

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

    private static void EnsureConfigured(ExtendedActorSystem system, TransferSettings settings)
    {
        var bound = system.Serialization.FindSerializerForType(typeof(TransferChunk));
        if (bound is not TransferSerializer)
        {
            throw new ConfigurationException(
                $"ITransferMessage is bound to {bound.GetType().Name}; add TransportConfig.Hocon (cluster-config/transport.conf) to the system's configuration.");
        }

        var frameLimit = system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);
        if (frameLimit is not null && settings.ChunkBytes + TransferSettings.ChunkOverheadBytes > frameLimit)
        {
            throw new ConfigurationException(
                $"scalefl.transfer.chunk-size ({settings.ChunkBytes} bytes) plus {TransferSettings.ChunkOverheadBytes} bytes of header must fit in akka.remote.dot-netty.tcp.maximum-frame-size ({frameLimit} bytes).");
        }
    }
}

/// <summary>Akka extension id of <see cref="BulkTransfer"/>.</summary>
public sealed class BulkTransferProvider : ExtensionIdProvider<BulkTransfer>
{
    /// <inheritdoc />
    public override BulkTransfer CreateExtension(ExtendedActorSystem system) => new(system);
}
