using System.Runtime.InteropServices;
using System.Text;

namespace ScaleFL.Core.Weights;

/// <summary>
/// Binary encoding of a <see cref="WeightSet"/>: for each array its name, shape and raw
/// little-endian float32 values. Used by checkpoints and by the runtime's wire format; no JSON,
/// since weights are megabytes of floats.
/// </summary>
public static class WeightSetCodec
{
    private const int MaxRank = 8;

    /// <summary>Writes <paramref name="weights"/> to <paramref name="writer"/>.</summary>
    public static void Write(BinaryWriter writer, WeightSet weights)
    {
        writer.Write(weights.Count);
        foreach (var array in weights)
        {
            writer.Write(array.Name);
            writer.Write(array.Shape.Length);
            foreach (var dimension in array.Shape)
            {
                writer.Write(dimension);
            }

            writer.Write(array.Values.Length);
            writer.Write(MemoryMarshal.AsBytes(array.Values.AsSpan()));
        }
    }

    /// <summary>
    /// Reads a set written by <see cref="Write"/>. Throws <see cref="InvalidDataException"/>
    /// naming the problem when the data is truncated or inconsistent.
    /// </summary>
    public static WeightSet Read(BinaryReader reader)
    {
        try
        {
            var count = reader.ReadInt32();
            if (count < 0)
            {
                throw new InvalidDataException($"negative array count {count}");
            }

            var arrays = new List<NamedArray>(Math.Min(count, 4096));
            for (var i = 0; i < count; i++)
            {
                arrays.Add(ReadArray(reader));
            }

            return new WeightSet(arrays);
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("weights are truncated", error);
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException(error.Message, error);
        }
    }

    /// <summary>Encodes to a byte array.</summary>
    public static byte[] ToBytes(WeightSet weights)
    {
        using var stream = new MemoryStream(checked((int)Math.Min(int.MaxValue, weights.ByteCount + 1024)));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Write(writer, weights);
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a byte array written by <see cref="ToBytes"/>.</summary>
    public static WeightSet FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        return Read(reader);
    }

    private static NamedArray ReadArray(BinaryReader reader)
    {
        var name = reader.ReadString();
        var rank = reader.ReadInt32();
        if (rank is < 0 or > MaxRank)
        {
            throw new InvalidDataException($"array '{name}' has rank {rank}, expected 0..{MaxRank}");
        }

        var shape = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            shape[d] = reader.ReadInt64();
        }

        var length = reader.ReadInt32();
        // The shape is read from the wire like the length: it must describe exactly the values that follow.
        var elements = 1L;
        foreach (var dimension in shape)
        {
            if (dimension < 0 || (dimension > 0 && elements > long.MaxValue / dimension))
            {
                throw new InvalidDataException($"array '{name}' has shape [{string.Join(", ", shape)}], not a valid shape");
            }

            elements *= dimension;
        }

        if (elements != length)
        {
            throw new InvalidDataException($"array '{name}' has shape [{string.Join(", ", shape)}] ({elements} values) but {length} values");
        }

        var remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : long.MaxValue;
        if (length < 0 || (long)length * sizeof(float) > remaining)
        {
            throw new InvalidDataException($"array '{name}' claims {length} values but the data is shorter");
        }

        var values = new float[length];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return new NamedArray(name, shape, values);
    }
}
