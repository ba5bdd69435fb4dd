using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary shapes the runtime protocols share, each reader the mirror of its writer.</summary>
internal static partial class ProtocolWire
{
    public static void WriteTrainableSet(BinaryWriter writer, TrainableSet trainable)
    {
        writer.Write(trainable.Stage);
        WireFormat.WriteStrings(writer, trainable.Prefixes);
        WireFormat.WriteStrings(writer, trainable.CoAdaptedPrefixes);
        writer.Write(trainable.FirstGradientBlock);
    }

    public static TrainableSet ReadTrainableSet(BinaryReader reader) =>
        new(reader.ReadInt32(), WireFormat.ReadStrings(reader), WireFormat.ReadStrings(reader), reader.ReadInt32());

    public static void WriteFootprint(BinaryWriter writer, MemoryFootprint footprint)
    {
        writer.Write(footprint.WeightBytes);
        writer.Write(footprint.GradientBytes);
        writer.Write(footprint.OptimizerStateBytes);
        writer.Write(footprint.ActivationBytes);
        writer.Write(footprint.TransientBytes);
        writer.Write(footprint.BackwardBytes);
        writer.Write(footprint.FrameworkBytes);
    }

    public static MemoryFootprint ReadFootprint(BinaryReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());

    /// <summary>A device's measured peak: 0 for none, else at least 1 byte.</summary>
    public static long ReadMeasuredBytes(BinaryReader reader) =>
        reader.ReadInt64() is >= 0 and var bytes ? bytes : throw new InvalidDataException("a measured peak cannot be negative");

    public static void WriteBatchLadder(BinaryWriter writer, IReadOnlyList<BatchFootprint> ladder)
    {
        writer.Write(ladder.Count);
        foreach (var rung in ladder)
        {
            writer.Write(rung.BatchSize);
            WriteFootprint(writer, rung.Stage);
            WriteFootprint(writer, rung.FullModel);
        }
    }

    public static BatchFootprint[] ReadBatchLadder(BinaryReader reader)
    {
        var ladder = new BatchFootprint[Count(reader, sizeof(int) + (14 * sizeof(long)))];
        if (ladder.Length == 0)
        {
            throw new InvalidDataException("a footprint ladder needs at least the configured batch");
        }

        for (var i = 0; i < ladder.Length; i++)
        {
            ladder[i] = new BatchFootprint(reader.ReadInt32(), ReadFootprint(reader), ReadFootprint(reader));
        }

        return ladder;
    }

    public static void WriteBlocks(BinaryWriter writer, IReadOnlyList<BlockVersion> blocks)
    {
        writer.Write(blocks.Count);
        foreach (var block in blocks)
        {
            writer.Write(block.Block);
            writer.Write(block.Version);
        }
    }

    public static BlockVersion[] ReadBlocks(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"block count {count} does not fit in the message");
        }

        var blocks = new BlockVersion[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = new BlockVersion(reader.ReadString(), reader.ReadInt32());
        }

        return blocks;
    }

    public static void WriteInts(BinaryWriter writer, IReadOnlyList<int> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[Count(reader, sizeof(int))];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    public static void WriteHsicPoints(BinaryWriter writer, IReadOnlyList<HsicPlanePoint> points)
    {
        writer.Write(points.Count);
        foreach (var point in points)
        {
            writer.Write(point.Stage);
            writer.Write(point.InputInformation);
            writer.Write(point.LabelInformation);
        }
    }

    public static HsicPlanePoint[] ReadHsicPoints(BinaryReader reader)
    {
        var points = new HsicPlanePoint[Count(reader, sizeof(int) + (2 * sizeof(double)))];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new HsicPlanePoint(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble());
        }

        return points;
    }

    public static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value ?? 0);
    }

    public static double? ReadOptionalDouble(BinaryReader reader)
    {
        var present = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return present ? value : null;
    }

    private static int Count(BinaryReader reader, int itemBytes)
    {
        var count = reader.ReadInt32();
        if (count < 0 || (long)count * itemBytes > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"list of {count} items does not fit in the message");
        }

        return count;
    }
}
