using Akka.Actor;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary serializer of <see cref="IWorkerMessage"/> (id 4105).</summary>
public sealed class WorkerSerializer : WeightMessageSerializer
{
    /// <summary>Called by Akka.</summary>
    public WorkerSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<HostDevice>(
            "H",
            (w, m) =>
            {
                w.Write(m.ClientId); w.Write(m.BudgetBytes); w.Write(m.SpeedFactor); w.Write(m.DropoutProbability);
                w.Write(m.SecondsPerStep.HasValue); w.Write(m.SecondsPerStep ?? 0);
            },
            r => new HostDevice(r.ReadInt32(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean() ? r.ReadDouble() : Skip(r)));
        Register<DeviceHosted>("h", (w, m) => w.Write(m.ClientId), r => new DeviceHosted(r.ReadInt32()));
        Register<WorkerRunEnded>(
            "E",
            (w, m) => { w.Write(m.Completed); w.Write(m.Rounds); w.Write(m.Reason); },
            r => new WorkerRunEnded(r.ReadBoolean(), r.ReadInt32(), r.ReadString()));
        Register<WorkerRunEndedAck>("K", (_, _) => { }, _ => new WorkerRunEndedAck());
        Register<JoinWorker>("J", (w, m) => w.Write(m.Proof), r => new JoinWorker(r.ReadString()));
        Register<WorkerAdmitted>("A", (_, _) => { }, _ => new WorkerAdmitted());
        Register<WorkerRefused>("R", (w, m) => w.Write(m.Reason), r => new WorkerRefused(r.ReadString()));
    }

    /// <inheritdoc />
    public override int Identifier => 4105;

    // The absent value's placeholder is on the wire too; read past it.
    private static double? Skip(BinaryReader reader)
    {
        reader.ReadDouble();
        return null;
    }
}
