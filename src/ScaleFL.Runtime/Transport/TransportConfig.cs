using Akka.Configuration;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// HOCON for <see cref="TransferProtocol"/>: binds <see cref="TransferProtocol.ITransferMessage"/>
/// to <see cref="TransferSerializer"/>, sizes the remote frames and socket buffers, and sets
/// <c>scalefl.transfer</c> (chunking and the data lane). The commented copy is <c>cluster-config/transport.conf</c>; a test
/// keeps the two equal. Add it before other configuration so a deployment can override keys.
/// </summary>
public static class TransportConfig
{
    /// <summary>The configuration text.</summary>
    public const string Hocon = """
        akka.actor {
          serializers {
            scalefl-transfer = "ScaleFL.Runtime.Transport.TransferSerializer, ScaleFL.Runtime"
          }
          serialization-bindings {
            "ScaleFL.Runtime.Transport.TransferProtocol+ITransferMessage, ScaleFL.Runtime" = scalefl-transfer
          }
        }
        akka.remote.dot-netty.tcp {
          maximum-frame-size = 1MiB
          send-buffer-size = 2MiB
          receive-buffer-size = 2MiB
        }
        scalefl.transfer {
          chunk-size = 256KiB
          max-in-flight-chunks = 8
          reassembly-timeout = 30s
          max-buffered-bytes = 1GiB
          max-buffered-bytes-per-node = 512MiB
          max-open-transfers-per-node = 4
          pooled-buffers-per-size = 2
          data-lane {
            enabled = on
            port = 0
            socket-buffer-size = 4MiB
            connect-timeout = 5s
            retry-after = 2m
          }
        }
        """;

    /// <summary><see cref="Hocon"/> parsed.</summary>
    public static Config Default => ConfigurationFactory.ParseString(Hocon);
}
