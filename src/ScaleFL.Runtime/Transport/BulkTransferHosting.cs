using Akka.Hosting;

namespace ScaleFL.Runtime.Transport;

/// <summary>Akka.Hosting wiring for <see cref="TransferProtocol"/>.</summary>
public static class BulkTransferHosting
{
    /// <summary>
    /// Adds <see cref="TransportConfig.Hocon"/> (binding, frame and buffer sizes,
    /// <c>scalefl.transfer</c>) and starts this node's inbox and outbox with the system. HOCON
    /// added later with <see cref="HoconAddMode.Prepend"/> overrides any of its keys.
    /// </summary>
    public static AkkaConfigurationBuilder WithBulkTransfer(this AkkaConfigurationBuilder builder) =>
        builder
            .AddHocon(TransportConfig.Hocon, HoconAddMode.Prepend)
            .AddStartup((system, _) => BulkTransfer.Get(system));
}
