using Akka.Actor;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

/// <summary>Marker of the test-only protocol, bound to <see cref="TestMessageSerializer"/>.</summary>
public interface ITestMessage;

/// <summary>A labelled weight set, standing in for the runtime's weight-carrying protocol messages.</summary>
public sealed record TestWeightsMessage(string Label, WeightSet Weights) : ITestMessage;

/// <summary>Binary serializer of the test protocol, built on <see cref="WeightMessageSerializer"/>.</summary>
public sealed class TestMessageSerializer : WeightMessageSerializer
{
    public TestMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<TestWeightsMessage>(
            "W",
            (writer, message) => { writer.Write(message.Label); WriteWeights(writer, message.Weights); },
            reader => new TestWeightsMessage(reader.ReadString(), ReadWeights(reader)),
            message => message.Weights.ByteCount + (message.Weights.Count * 64));
    }

    /// <summary>The serializer id, for tests that build chunks by hand.</summary>
    public const int IdOf = 4199;

    public override int Identifier => IdOf;

    /// <summary>
    /// A message of about <paramref name="megabytes"/> MB in <paramref name="arrays"/> arrays with
    /// values that differ per position, so a misplaced chunk cannot go unnoticed.
    /// </summary>
    public static TestWeightsMessage Sample(string label, int megabytes, int arrays)
    {
        var floatsPerArray = megabytes * 1_000_000 / sizeof(float) / arrays / 4 * 4;
        var named = new List<NamedArray>(arrays);
        for (var a = 0; a < arrays; a++)
        {
            var values = new float[floatsPerArray];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = a + (i % 9973 * 1e-4f) - (i / 9973);
            }

            named.Add(new NamedArray($"blocks.{a}.conv.weight", [floatsPerArray / 4, 4], values));
        }

        return new TestWeightsMessage(label, new WeightSet(named));
    }
}

/// <summary>HOCON for the transport tests: the production transport config plus the test protocol.</summary>
internal static class TransportTestConfig
{
    public const string TestProtocol = """
        akka.actor {
          serializers.scalefl-test = "ScaleFL.Runtime.Tests.Transport.TestMessageSerializer, ScaleFL.Runtime.Tests"
          serialization-bindings {
            "ScaleFL.Runtime.Tests.Transport.ITestMessage, ScaleFL.Runtime.Tests" = scalefl-test
          }
        }
        """;

    /// <summary>A local system with the given <c>scalefl.transfer</c> overrides.</summary>
    public static string Local(string overrides = "") => $"""
        {TestProtocol}
        {TransportConfig.Hocon}
        {overrides}
        """;

    /// <summary>
    /// A remoting node on a free loopback port. Frames are capped below every test message, and
    /// any frame above 300 KiB is reported at info level, which the remote tests watch for.
    /// </summary>
    public static string Remote(string overrides = "") => $$"""
        {{TestProtocol}}
        {{TransportConfig.Hocon}}
        akka.loglevel = INFO
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.remote.log-frame-size-exceeding = 300KiB
        {{overrides}}
        """;
}
