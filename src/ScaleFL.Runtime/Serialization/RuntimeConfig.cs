using Akka.Configuration;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Serialization;

/// <summary>
/// HOCON binding each runtime protocol's marker interface to its binary serializer (ids 4101 to
/// 4105). A system running the actors needs this plus <see cref="TransportConfig.Hocon"/>.
/// </summary>
public static class RuntimeConfig
{
    /// <summary>The serializer bindings, and the <see cref="Security.WireGuard"/> that closes Akka's own open serializers.</summary>
    public const string Hocon = """
        akka.actor {
          serializers {
            scalefl-aggregator = "ScaleFL.Runtime.Serialization.AggregatorSerializer, ScaleFL.Runtime"
            scalefl-device = "ScaleFL.Runtime.Serialization.ClientDeviceSerializer, ScaleFL.Runtime"
            scalefl-mentor = "ScaleFL.Runtime.Serialization.MentorSerializer, ScaleFL.Runtime"
            scalefl-harmonizer = "ScaleFL.Runtime.Serialization.HarmonizerSerializer, ScaleFL.Runtime"
            scalefl-worker = "ScaleFL.Runtime.Serialization.WorkerSerializer, ScaleFL.Runtime"
          }
          serialization-bindings {
            "ScaleFL.Runtime.Server.AggregatorProtocol+IAggregatorMessage, ScaleFL.Runtime" = scalefl-aggregator
            "ScaleFL.Runtime.Devices.ClientDeviceProtocol+IClientDeviceMessage, ScaleFL.Runtime" = scalefl-device
            "ScaleFL.Runtime.Mentor.MentorProtocol+IMentorMessage, ScaleFL.Runtime" = scalefl-mentor
            "ScaleFL.Runtime.Harmonizer.HarmonizerProtocol+IHarmonizerMessage, ScaleFL.Runtime" = scalefl-harmonizer
            "ScaleFL.Runtime.Workers.WorkerProtocol+IWorkerMessage, ScaleFL.Runtime" = scalefl-worker
          }
        }
        """ + "\n" + Security.WireGuard.Hocon;

    /// <summary>Everything a single-process simulation needs: the bindings and the transport.</summary>
    public static Config Local => ConfigurationFactory.ParseString(Hocon).WithFallback(TransportConfig.Default);
}
