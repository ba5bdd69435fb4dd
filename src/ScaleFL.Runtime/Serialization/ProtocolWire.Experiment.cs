using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Serialization;

/// <summary>The settings the server sends with tasks and registrations.</summary>
internal static partial class ProtocolWire
{
    public static void WriteObjective(BinaryWriter writer, ObjectiveSpec objective)
    {
        writer.Write(objective.Name);
        writer.Write(objective.Lambda1);
        writer.Write(objective.Lambda2);
        writer.Write(objective.Bandwidth);
    }

    public static ObjectiveSpec ReadObjective(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString());

    public static void WriteTraining(BinaryWriter writer, TrainingOptions training)
    {
        writer.Write(training.LearningRate);
        writer.Write(training.Momentum);
        writer.Write(training.WeightDecay);
        writer.Write(training.LocalEpochs);
        writer.Write(training.BatchSize);
        writer.Write(training.MaxBatchesPerEpoch ?? 0);
        writer.Write(training.OutputLearningRateScale);
        writer.Write(training.MicroBatchSize ?? 0);
        writer.Write(training.ElasticBatches);
    }

    public static TrainingOptions ReadTraining(BinaryReader reader) => new()
    {
        LearningRate = reader.ReadDouble(),
        Momentum = reader.ReadDouble(),
        WeightDecay = reader.ReadDouble(),
        LocalEpochs = reader.ReadInt32(),
        BatchSize = reader.ReadInt32(),
        MaxBatchesPerEpoch = reader.ReadInt32() is > 0 and var cap ? cap : null,
        OutputLearningRateScale = reader.ReadDouble(),
        MicroBatchSize = reader.ReadInt32() is > 0 and var micro ? micro : null,
        ElasticBatches = reader.ReadBoolean(),
    };

    public static void WriteShape(BinaryWriter writer, ImageShape shape)
    {
        writer.Write(shape.Channels);
        writer.Write(shape.Height);
        writer.Write(shape.Width);
    }

    public static ImageShape ReadShape(BinaryReader reader) => new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());

    public static void WriteExperiment(BinaryWriter writer, ExperimentSpec spec)
    {
        writer.Write(spec.ModelName);
        WriteShape(writer, spec.InputShape);
        writer.Write(spec.ClassCount);
        writer.Write(spec.Dataset);
        writer.Write(spec.Partition);
        writer.Write(spec.Clients);
        writer.Write(spec.Seed);
        writer.Write(spec.MaxTrainSamples ?? 0);
        writer.Write(spec.Fingerprint);
        writer.Write(spec.StandIns);
    }

    public static ExperimentSpec ReadExperiment(BinaryReader reader) => new(
        reader.ReadString(), ReadShape(reader), reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(),
        reader.ReadInt32() is > 0 and var max ? max : null, reader.ReadString())
    {
        StandIns = reader.ReadString(),
    };

    public static void WriteDeviceFacts(BinaryWriter writer, DeviceFacts? facts)
    {
        writer.Write(facts is not null);
        if (facts is null)
        {
            return;
        }

        WriteShape(writer, facts.InputShape);
        writer.Write(facts.ClassCount);
        writer.Write(facts.Fingerprint);
        WireFormat.WriteStrings(writer, facts.Models);
    }

    public static DeviceFacts? ReadDeviceFacts(BinaryReader reader) => reader.ReadBoolean()
        ? new DeviceFacts(ReadShape(reader), reader.ReadInt32(), reader.ReadString(), WireFormat.ReadStrings(reader))
        : null;
}
