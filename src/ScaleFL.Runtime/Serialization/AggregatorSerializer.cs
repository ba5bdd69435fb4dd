using Akka.Actor;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary serializer of <see cref="IAggregatorMessage"/> (id 4101); update and final weights are raw float32.</summary>
public sealed class AggregatorSerializer : WeightMessageSerializer
{
    /// <summary>Called by Akka.</summary>
    public AggregatorSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<RegisterClient>(
            "R",
            (w, m) =>
            {
                w.Write(m.ClientId); w.Write(m.BudgetBytes); w.Write(m.SampleCount); w.Write(m.SpeedFactor); WriteActorRef(w, m.Device); w.Write(m.JoinToken);
                ProtocolWire.WriteDeviceFacts(w, m.Facts); w.Write(m.MeasuresOwnMemory);
            },
            r => new RegisterClient(r.ReadInt32(), r.ReadInt64(), r.ReadInt32(), r.ReadDouble(), ReadActorRef(r))
            {
                JoinToken = r.ReadString(), Facts = ProtocolWire.ReadDeviceFacts(r), MeasuresOwnMemory = r.ReadBoolean(),
            });
        Register<ClientRefused>(
            "client-refused", (w, m) => { w.Write(m.ClientId); w.Write(m.Reason); }, r => new ClientRefused(r.ReadInt32(), r.ReadString()));
        Register<GetExperiment>("E", (_, _) => { }, _ => new GetExperiment());
        Register<ExperimentResponse>(
            "e",
            (w, m) =>
            {
                w.Write(m.Experiment is not null);
                if (m.Experiment is { } spec)
                {
                    ProtocolWire.WriteExperiment(w, spec);
                }

                ProtocolWire.WriteFaultPlan(w, m.Faults);
            },
            r => new ExperimentResponse(r.ReadBoolean() ? ProtocolWire.ReadExperiment(r) : null) { Faults = ProtocolWire.ReadFaultPlan(r) });
        Register<FaultInjected>(
            "fault",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write((int)m.Kind); w.Write(m.Detail); w.Write(m.Session); },
            r => new FaultInjected(r.ReadInt32(), r.ReadInt32(), ProtocolWire.ReadFaultKind(r), r.ReadString()) { Session = r.ReadString() });
        Register<RegisterClientRefused>(
            "refused", (w, m) => { w.Write(m.ClientId); w.Write(m.Reason); }, r => new RegisterClientRefused(r.ReadInt32(), r.ReadString()));
        Register<RegisterClientAck>(
            "r", (w, m) => { w.Write(m.ClientId); w.Write(m.Session); }, r => new RegisterClientAck(r.ReadInt32()) { Session = r.ReadString() });

        // Subscriptions, run control and results never come from another node (see RegisterLocalOnly).
        RegisterLocalOnly<Subscribe>("B", (w, m) => WriteActorRef(w, m.Subscriber));
        RegisterLocalOnly<SubscribeAck>("b", (w, m) => WriteActorRef(w, m.Subscriber));
        RegisterLocalOnly<StartRun>("S", (_, _) => { });
        RegisterLocalOnly<GetServerStatus>("G", (_, _) => { });
        RegisterLocalOnly<ServerStatusResponse>("g", (w, m) => { w.Write(m.RegisteredClients); w.Write(m.Round); w.Write(m.State); });
        Register<SubmitUpdate>("U", WriteUpdate, ReadUpdate, m => m.Weights.ByteCount + (m.Weights.Count * 64));
        Register<DropoutAnnounced>(
            "dropout",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.Attempt); w.Write(m.Session); },
            r => new DropoutAnnounced(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) { Session = r.ReadString() });
        Register<TaskDeclined>(
            "D",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.Attempt); w.Write(m.Reason); w.Write(m.Session); w.Write(m.MeasuredBytes); },
            r => new TaskDeclined(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadString()) { Session = r.ReadString(), MeasuredBytes = ProtocolWire.ReadMeasuredBytes(r) });
        RegisterLocalOnly<RoundCompleted>("C", WriteRound);
        RegisterLocalOnly<RunCompleted>(
            "F",
            (w, m) => { w.Write(m.Rounds); WriteWeights(w, m.FinalWeights); w.Write(m.FinalAccuracy); w.Write(m.FinalLoss); w.Write(m.FinalSamples); w.Write(m.LateDiscarded); });
        RegisterLocalOnly<RunFailed>("X", (w, m) => { w.Write(m.Round); w.Write(m.Reason); });
        RegisterLocalOnly<DeviceMemoryReported>(
            "device-memory",
            (w, m) =>
            {
                var r = m.Record;
                w.Write(r.ClientId); w.Write(r.BudgetBytes); w.Write(r.Stage); w.Write(r.BatchSize); w.Write(r.EstimatedBytes); w.Write(r.MeasuredBytes); w.Write(r.Accepted);
                ProtocolWire.WriteSubModel(w, r.SubModel);
            });
    }

    /// <inheritdoc />
    public override int Identifier => 4101;

    private static void WriteUpdate(BinaryWriter w, SubmitUpdate m)
    {
        w.Write(m.ClientId);
        w.Write(m.Round);
        w.Write(m.Attempt);
        w.Write(m.ModelVersion);
        WriteWeights(w, m.Weights);
        w.Write(m.SampleCount);
        w.Write(m.Loss);
        w.Write(m.TrainSeconds);
        w.Write(m.SimulatedSeconds);
        w.Write(m.FootprintBytes);
        w.Write(m.BytesDown);
        w.Write(m.BytesUp);
        ProtocolWire.WriteBlocks(w, m.HeldBlocks);
        w.Write(m.Session);
        w.Write(m.MeasuredBytes);
    }

    private static SubmitUpdate ReadUpdate(BinaryReader r) => new(
        r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), ReadWeights(r), r.ReadInt32(), r.ReadDouble(),
        r.ReadDouble(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), ProtocolWire.ReadBlocks(r))
    {
        Session = r.ReadString(),
        MeasuredBytes = ProtocolWire.ReadMeasuredBytes(r),
    };

    private static void WriteRound(BinaryWriter w, RoundCompleted m)
    {
        var metrics = m.Metrics;
        foreach (var value in new[] { metrics.Round, m.Attempts, m.ScheduledStage, metrics.Stage })
        {
            w.Write(value);
        }

        w.Write(metrics.Accuracy);
        ProtocolWire.WriteOptional(w, metrics.Loss);
        w.Write(metrics.TestLoss);
        foreach (var value in new[] { metrics.Eligible, metrics.Selected, metrics.Completed, metrics.Dropped, m.Declined, metrics.Late, m.Surplus, m.Discarded })
        {
            w.Write(value);
        }

        w.Write(m.Skipped);
        w.Write(metrics.TrainSeconds);
        w.Write(metrics.SimulatedSeconds);
        w.Write(metrics.WallSeconds);
        w.Write(metrics.BytesDown);
        w.Write(metrics.BytesUp);
        ProtocolWire.WriteInts(w, metrics.Participants);
        ProtocolWire.WriteHsicPoints(w, metrics.HsicPoints);
        w.Write(metrics.Rejected.Count);
        foreach (var count in metrics.Rejected)
        {
            w.Write(count.Reason);
            w.Write(count.Count);
        }
    }
}
