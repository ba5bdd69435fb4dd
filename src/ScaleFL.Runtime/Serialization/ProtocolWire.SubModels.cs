using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary shapes of the width-scaled methods' task and ladder.</summary>
internal static partial class ProtocolWire
{
    // More rungs or ranks than these are hostile, not a model: refuse before allocating.
    private const int MaxRungs = 16;
    private const int MaxRank = 8;

    public static void WriteSubModel(BinaryWriter writer, SubModelSpec? spec)
    {
        writer.Write(spec is not null);
        if (spec is not null)
        {
            writer.Write(spec.WidthRatio);
            writer.Write((byte)spec.Slicing);
        }
    }

    public static SubModelSpec? ReadSubModel(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var ratio = reader.ReadDouble();
        var slicing = reader.ReadByte();
        return ratio is > 0 and <= 1 && Enum.IsDefined((WidthSlicing)slicing)
            ? new SubModelSpec(ratio, (WidthSlicing)slicing)
            : throw new InvalidDataException($"A sub-model spec has width ratio {ratio} and slicing {slicing}; allowed: (0, 1] and 0..1.");
    }

    public static void WriteLadder(BinaryWriter writer, WidthLadder? ladder)
    {
        writer.Write(ladder?.Rungs.Count ?? 0);
        foreach (var rung in ladder?.Rungs ?? [])
        {
            writer.Write(rung.Ratio);
            WriteFootprint(writer, rung.Footprint);
            WireFormat.WriteStrings(writer, rung.Layout.Select(array => array.Name).ToList());
            foreach (var array in rung.Layout)
            {
                WireFormat.WriteInts(writer, array.Shape.Select(size => (int)size).ToList());
            }
        }
    }

    public static WidthLadder? ReadLadder(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > MaxRungs)
        {
            throw new InvalidDataException($"A width ladder declares {count} rungs; allowed: 0..{MaxRungs}.");
        }

        if (count == 0)
        {
            return null;
        }

        var rungs = new List<WidthRung>(count);
        for (var i = 0; i < count; i++)
        {
            var ratio = reader.ReadDouble();
            var footprint = ReadFootprint(reader);
            var names = WireFormat.ReadStrings(reader);
            var layout = names.Select(name =>
            {
                var shape = WireFormat.ReadInts(reader);
                return shape.Length <= MaxRank
                    ? new NamedArray(name, shape.Select(size => (long)size).ToArray(), [])
                    : throw new InvalidDataException($"Array '{name}' of a width ladder has rank {shape.Length}; allowed: up to {MaxRank}.");
            }).ToList();
            rungs.Add(new WidthRung(ratio, footprint, layout));
        }

        return WidthLadder.Of(rungs);
    }
}
