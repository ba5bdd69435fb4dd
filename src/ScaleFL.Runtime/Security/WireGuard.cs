using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Remote.Serialization;
using Akka.Serialization;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// Closes two doors Akka leaves open to any node that reaches the port: the JSON fallback
/// (serializer 1), which builds any .NET type a peer names, including an actor's private
/// messages; and the lifecycle messages (<see cref="PoisonPill"/>, <see cref="Kill"/>) that stop
/// an actor whatever its code says, with <see cref="Status.Failure"/>, which an actor takes as the
/// failure of its own piped work. Every ScaleFL message has a binary serializer, no node stops
/// another's actors and no ScaleFL actor answers another node with a failure, so none of them is
/// needed from the wire.
/// </summary>
public static class WireGuard
{
    /// <summary>Replaces the two serializers under their Akka names (the identifiers stay 1 and 16).</summary>
    public const string Hocon = """
        akka.actor.serializers {
          json = "ScaleFL.Runtime.Security.OutboundOnlyJsonSerializer, ScaleFL.Runtime"
          akka-misc = "ScaleFL.Runtime.Security.HarmlessMiscSerializer, ScaleFL.Runtime"
        }
        """;
}

/// <summary>Akka's JSON serializer for what this process sends; refuses to build anything from received bytes.</summary>
public sealed class OutboundOnlyJsonSerializer : Serializer
{
    private readonly NewtonSoftJsonSerializer inner;

    /// <summary>Called by Akka.</summary>
    public OutboundOnlyJsonSerializer(ExtendedActorSystem system)
        : base(system) => inner = new(system);

    /// <summary>Called by Akka with <c>akka.actor.serialization-settings.json</c>.</summary>
    public OutboundOnlyJsonSerializer(ExtendedActorSystem system, Akka.Configuration.Config config)
        : base(system) => inner = new(system, config);

    /// <inheritdoc />
    public override int Identifier => 1;

    /// <inheritdoc />
    public override bool IncludeManifest => inner.IncludeManifest;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => inner.ToBinary(obj);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"Refused a JSON-encoded {type?.Name ?? "message"} from the network: ScaleFL accepts only its binary protocols.");
}

/// <summary>Akka's misc serializer (identify, actor refs, heartbeats), without the messages that stop or restart an actor or fail its work.</summary>
/// <param name="system">Called by Akka.</param>
public sealed class HarmlessMiscSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private readonly MiscMessageSerializer inner = new(system);

    /// <inheritdoc />
    public override int Identifier => 16;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => inner.ToBinary(obj);

    /// <inheritdoc />
    public override string Manifest(object o) => inner.Manifest(o);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var message = inner.FromBinary(bytes, manifest);
        return message is IPossiblyHarmful or Status.Failure
            ? throw new SerializationException($"Refused {message.GetType().Name} from the network: no node may stop, restart or fail this node's actors.")
            : message;
    }
}
