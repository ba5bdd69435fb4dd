using Akka.Actor;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Bench;

/// <summary>Marker of the transfer benchmark's messages, bound to <see cref="TransferMessageSerializer"/>.</summary>
internal interface IBenchMessage;

/// <summary>A weight update sent to the peer process.</summary>
internal sealed record BenchPayload(string Label, WeightSet Weights) : IBenchMessage;

/// <summary>The peer's answer: what arrived, and the warnings its ActorSystem has logged so far.</summary>
internal sealed record BenchReceived(string Label, long Bytes, IReadOnlyList<string> Warnings) : IBenchMessage;

/// <summary>Binary serializer of the benchmark protocol, on the runtime's wire format.</summary>
internal sealed class TransferMessageSerializer : WeightMessageSerializer
{
    public TransferMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<BenchPayload>(
            "P",
            (writer, message) => { writer.Write(message.Label); WriteWeights(writer, message.Weights); },
            reader => new BenchPayload(reader.ReadString(), ReadWeights(reader)),
            message => message.Weights.ByteCount + (message.Weights.Count * 64));
        Register<BenchReceived>(
            "R",
            (writer, message) => { writer.Write(message.Label); writer.Write(message.Bytes); WireFormat.WriteStrings(writer, message.Warnings); },
            reader => new BenchReceived(reader.ReadString(), reader.ReadInt64(), WireFormat.ReadStrings(reader)));
    }

    public override int Identifier => 4190;

    /// <summary>
    /// A remoting node on a loopback port the OS picks, with the production transport settings
    /// and this protocol. HOCON in SCALEFL_BENCH_TRANSPORT overrides any key, for trying settings.
    /// </summary>
    public static string NodeConfig => $$"""
        akka.actor {
          provider = remote
          serializers.scalefl-bench = "{{typeof(TransferMessageSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
            "{{typeof(IBenchMessage).AssemblyQualifiedName}}" = scalefl-bench
          }
        }
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        {{TransportConfig.Hocon}}
        {{Environment.GetEnvironmentVariable("SCALEFL_BENCH_TRANSPORT")}}
        """;

    /// <summary>
    /// <see cref="NodeConfig"/> with node-to-node TLS on, using the certificate at
    /// <paramref name="certificate"/>; validation is suppressed because the bench's certificate is
    /// a self-signed loopback one (docs/SECURITY.md).
    /// </summary>
    public static string TlsNodeConfig(string certificate, string password) => NodeConfig + $$"""

        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl {
            certificate { path = "{{certificate.Replace("\\", "\\\\", StringComparison.Ordinal)}}", password = "{{password}}" }
            suppress-validation = true
            require-mutual-authentication = true
          }
        }
        """;
}
