using Akka.Actor;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary serializer of <see cref="IClientDeviceMessage"/> (id 4102); task weights are raw float32.</summary>
public sealed class ClientDeviceSerializer : WeightMessageSerializer
{
    /// <summary>Called by Akka.</summary>
    public ClientDeviceSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<TrainStage>(
            "T",
            (w, m) =>
            {
                w.Write(m.Round);
                w.Write(m.Attempt);
                w.Write(m.ModelVersion);
                w.Write(m.StageCount);
                ProtocolWire.WriteTrainableSet(w, m.Trainable);
                w.Write(m.RequiredBytes);
                ProtocolWire.WriteObjective(w, m.Settings.Objective);
                ProtocolWire.WriteTraining(w, m.Settings.Training);
                w.Write(m.Settings.BatchOrderSeed);
                w.Write(m.Settings.CacheBlocks);
                ProtocolWire.WriteSubModel(w, m.Settings.SubModel);
                w.Write(m.RunSeed);
                ProtocolWire.WriteBlocks(w, m.Blocks);
                WriteWeights(w, m.Weights);
                w.Write(m.Session);
            },
            r => new TrainStage(
                r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), ProtocolWire.ReadTrainableSet(r), r.ReadInt64(),
                new TaskSettings(ProtocolWire.ReadObjective(r), ProtocolWire.ReadTraining(r), r.ReadInt32(), r.ReadBoolean()) { SubModel = ProtocolWire.ReadSubModel(r) },
                r.ReadInt32(),
                ProtocolWire.ReadBlocks(r), ReadWeights(r))
            { Session = r.ReadString() },
            m => m.Weights.ByteCount + (m.Weights.Count * 64));
        Register<GetDeviceStatus>("S", (_, _) => { }, _ => new GetDeviceStatus());
        Register<DeviceStatusResponse>(
            "D",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Training); w.Write(m.Round); w.Write(m.CachedBlocks); },
            r => new DeviceStatusResponse(r.ReadInt32(), r.ReadBoolean(), r.ReadInt32(), r.ReadInt32()));
        Register<CancelTraining>("C", (w, m) => { w.Write(m.Round); w.Write(m.Session); }, r => new CancelTraining(r.ReadInt32()) { Session = r.ReadString() });
        Register<CancelTrainingAck>(
            "A",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.WasTraining); },
            r => new CancelTrainingAck(r.ReadInt32(), r.ReadInt32(), r.ReadBoolean()));
        Register<TrainingStarted>(
            "G",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.Attempt); w.Write(m.Session); },
            r => new TrainingStarted(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) { Session = r.ReadString() });
        Register<RunEnded>(
            "E",
            (w, m) => { w.Write(m.Completed); w.Write(m.Rounds); w.Write(m.Reason); },
            r => new RunEnded(r.ReadBoolean(), r.ReadInt32(), r.ReadString()));
        Register<RunEndedAck>("K", (w, m) => w.Write(m.ClientId), r => new RunEndedAck(r.ReadInt32()));
    }

    /// <inheritdoc />
    public override int Identifier => 4102;
}
