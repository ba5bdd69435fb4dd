using System.Runtime.InteropServices;
using Akka.Actor;
using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Binary building blocks for protocol serializers: weights through <see cref="WeightSetCodec"/>
/// (raw float32, never JSON), actor references as serialized paths, and the small scalar shapes
/// protocol records carry. Every reader is the exact mirror of its writer.
/// </summary>
public static class WireFormat
{
    /// <summary>Writes a weight set as raw little-endian float32 arrays with names and shapes.</summary>
    public static void WriteWeights(BinaryWriter writer, WeightSet weights) => WeightSetCodec.Write(writer, weights);

    /// <summary>Reads a weight set written by <see cref="WriteWeights"/>.</summary>
    public static WeightSet ReadWeights(BinaryReader reader) => WeightSetCodec.Read(reader);

    /// <summary>Writes a presence flag, then the weights when there are any.</summary>
    public static void WriteOptionalWeights(BinaryWriter writer, WeightSet? weights)
    {
        writer.Write(weights is not null);
        if (weights is not null)
        {
            WeightSetCodec.Write(writer, weights);
        }
    }

    /// <summary>Reads weights written by <see cref="WriteOptionalWeights"/>.</summary>
    public static WeightSet? ReadOptionalWeights(BinaryReader reader) =>
        reader.ReadBoolean() ? WeightSetCodec.Read(reader) : null;

    /// <summary>Writes the 16 bytes of a GUID.</summary>
    public static void WriteGuid(BinaryWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    /// <summary>Reads a GUID written by <see cref="WriteGuid"/>.</summary>
    public static Guid ReadGuid(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    /// <summary>
    /// Writes an actor reference as its full path including the address this system is reachable
    /// at, so the receiving node can answer it; <c>null</c>
    /// and <see cref="ActorRefs.Nobody"/> are written as the empty string.
    /// </summary>
    public static void WriteActorRef(BinaryWriter writer, IActorRef? actor) =>
        writer.Write(actor is null || actor.IsNobody() ? string.Empty : Akka.Serialization.Serialization.SerializedActorPath(actor));

    /// <summary>
    /// Resolves a reference written by <see cref="WriteActorRef"/> in <paramref name="system"/>;
    /// the empty string reads as <see cref="ActorRefs.Nobody"/>.
    /// </summary>
    public static IActorRef ReadActorRef(BinaryReader reader, ExtendedActorSystem system)
    {
        var path = reader.ReadString();
        return path.Length == 0 ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
    }

    /// <summary>Writes a length-prefixed array of int32 values.</summary>
    public static void WriteInts(BinaryWriter writer, IReadOnlyList<int> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads an array written by <see cref="WriteInts"/>.</summary>
    public static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[ReadLength(reader, sizeof(int))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    /// <summary>Writes a length-prefixed array of raw float32 values (metrics, losses).</summary>
    public static void WriteFloats(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads an array written by <see cref="WriteFloats"/>.</summary>
    public static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[ReadLength(reader, sizeof(float))];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Writes a length-prefixed list of strings.</summary>
    public static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads a list written by <see cref="WriteStrings"/>.</summary>
    public static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[ReadLength(reader, sizeof(byte))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    /// <summary>Writes a length-prefixed byte payload.</summary>
    public static void WriteBytes(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Reads a payload written by <see cref="WriteBytes"/>.</summary>
    public static byte[] ReadBytes(BinaryReader reader)
    {
        var bytes = new byte[ReadLength(reader, sizeof(byte))];
        reader.BaseStream.ReadExactly(bytes);
        return bytes;
    }

    // A corrupt length must fail as bad data before it becomes a huge allocation.
    private static int ReadLength(BinaryReader reader, int elementBytes)
    {
        var length = reader.ReadInt32();
        var remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : long.MaxValue;
        if (length < 0 || (long)length * elementBytes > remaining)
        {
            throw new InvalidDataException($"length {length} does not fit in the {remaining} remaining bytes");
        }

        return length;
    }
}
