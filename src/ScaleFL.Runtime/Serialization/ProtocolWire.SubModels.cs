using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary shapes of the sub-model methods' task and ladder.</summary>
internal static partial class ProtocolWire
{
    // More rungs or ranks than these are hostile, not a model: refuse before allocating.
    private const int MaxRungs = 16;
    private const int MaxRank = 8;
    private const int MaxDepth = 64;

    public static void WriteSubModel(BinaryWriter writer, SubModelSpec? spec)
    {
        writer.Write(spec is not null);
        if (spec is not null)
        {
            writer.Write(spec.WidthRatio);
            writer.Write((byte)spec.Slicing);
            writer.Write(spec.Depth ?? 0);
        }
    }

    public static void WriteFamily(BinaryWriter writer, SubModelFamily? family) => writer.Write(family is { } kind ? (byte)(kind + 1) : (byte)0);

    public static SubModelFamily? ReadFamily(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        var code when Enum.IsDefined((SubModelFamily)(code - 1)) => (SubModelFamily)(code - 1),
        var code => throw new InvalidDataException($"A sub-model family code is {code}; allowed: 0..{Enum.GetValues<SubModelFamily>().Length}."),
    };

    public static SubModelSpec? ReadSubModel(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var ratio = reader.ReadDouble();
        var slicing = reader.ReadByte();
        var depth = reader.ReadInt32();
        return ratio is > 0 and <= 1 && Enum.IsDefined((WidthSlicing)slicing) && depth is >= 0 and <= MaxDepth
            ? new SubModelSpec(ratio, (WidthSlicing)slicing) { Depth = depth == 0 ? null : depth }
            : throw new InvalidDataException(
                $"A sub-model spec has width ratio {ratio}, slicing {slicing} and depth {depth}; allowed: (0, 1], 0..1 and 0..{MaxDepth}.");
    }

    public static void WriteLadder(BinaryWriter writer, SubModelLadder? ladder)
    {
        writer.Write(ladder?.Rungs.Count ?? 0);
        foreach (var rung in ladder?.Rungs ?? [])
        {
            WriteSubModel(writer, rung.Spec);
            WriteFootprint(writer, rung.Footprint);
            WireFormat.WriteStrings(writer, rung.Layout.Select(array => array.Name).ToList());
            foreach (var array in rung.Layout)
            {
                WireFormat.WriteInts(writer, array.Shape.Select(size => (int)size).ToList());
            }
        }
    }

    public static SubModelLadder? ReadLadder(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > MaxRungs)
        {
            throw new InvalidDataException($"A sub-model ladder declares {count} rungs; allowed: 0..{MaxRungs}.");
        }

        if (count == 0)
        {
            return null;
        }

        var rungs = new List<SubModelRung>(count);
        for (var i = 0; i < count; i++)
        {
            var spec = ReadSubModel(reader) ?? throw new InvalidDataException("A sub-model ladder's rung names no sub-model.");
            var footprint = ReadFootprint(reader);
            var names = WireFormat.ReadStrings(reader);
            var layout = names.Select(name =>
            {
                var shape = WireFormat.ReadInts(reader);
                return shape.Length <= MaxRank
                    ? new NamedArray(name, shape.Select(size => (long)size).ToArray(), [])
                    : throw new InvalidDataException($"Array '{name}' of a sub-model ladder has rank {shape.Length}; allowed: up to {MaxRank}.");
            }).ToList();
            rungs.Add(new SubModelRung(spec, footprint, layout));
        }

        return SubModelLadder.Of(rungs);
    }
}
