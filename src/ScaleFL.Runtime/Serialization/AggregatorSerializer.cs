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
                ProtocolWire.WriteDeviceFacts(w, m.Facts);
            },
            r => new RegisterClient(r.ReadInt32(), r.ReadInt64(), r.ReadInt32(), r.ReadDouble(), ReadActorRef(r)) { JoinToken = r.ReadString(), Facts = ProtocolWire.ReadDeviceFacts(r) });
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
            },
            r => new ExperimentResponse(r.ReadBoolean() ? ProtocolWire.ReadExperiment(r) : null));
        Register<RegisterClientRefused>(
            "refused", (w, m) => { w.Write(m.ClientId); w.Write(m.Reason); }, r => new RegisterClientRefused(r.ReadInt32(), r.ReadString()));
        Register<RegisterClientAck>("r", (w, m) => w.Write(m.ClientId), r => new RegisterClientAck(r.ReadInt32()));
        Register<Subscribe>("B", (w, m) => WriteActorRef(w, m.Subscriber), r => new Subscribe(ReadActorRef(r)));
        Register<SubscribeAck>("b", (w, m) => WriteActorRef(w, m.Subscriber), r => new SubscribeAck(ReadActorRef(r)));
        Register<StartRun>("S", (_, _) => { }, _ => new StartRun());
        Register<GetServerStatus>("G", (_, _) => { }, _ => new GetServerStatus());
        Register<ServerStatusResponse>(
            "g",
            (w, m) => { w.Write(m.RegisteredClients); w.Write(m.Round); w.Write(m.State); },
            r => new ServerStatusResponse(r.ReadInt32(), r.ReadInt32(), r.ReadString()));
        Register<SubmitUpdate>("U", WriteUpdate, ReadUpdate, m => m.Weights.ByteCount + (m.Weights.Count * 64));
        Register<DropoutAnnounced>(
            "dropout",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.Attempt); },
            r => new DropoutAnnounced(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));
        Register<TaskDeclined>(
            "D",
            (w, m) => { w.Write(m.ClientId); w.Write(m.Round); w.Write(m.Attempt); w.Write(m.Reason); },
            r => new TaskDeclined(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadString()));
        Register<RoundCompleted>("C", WriteRound, ReadRound);
        Register<RunCompleted>(
            "F",
            (w, m) => { w.Write(m.Rounds); WriteWeights(w, m.FinalWeights); w.Write(m.FinalAccuracy); w.Write(m.FinalLoss); w.Write(m.FinalSamples); w.Write(m.LateDiscarded); },
            r => new RunCompleted(r.ReadInt32(), ReadWeights(r), r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32()),
            m => m.FinalWeights.ByteCount + (m.FinalWeights.Count * 64));
        Register<RunFailed>("X", (w, m) => { w.Write(m.Round); w.Write(m.Reason); }, r => new RunFailed(r.ReadInt32(), r.ReadString()));
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
    }

    private static SubmitUpdate ReadUpdate(BinaryReader r) => new(
        r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), ReadWeights(r), r.ReadInt32(), r.ReadDouble(),
        r.ReadDouble(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), ProtocolWire.ReadBlocks(r));

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

    private static List<RejectionCount> ReadRejected(BinaryReader r)
    {
        var counts = new List<RejectionCount>();
        for (var n = r.ReadInt32(); n > 0; n--)
        {
            counts.Add(new RejectionCount(r.ReadString(), r.ReadInt32()));
        }

        return counts;
    }

    private static RoundCompleted ReadRound(BinaryReader r)
    {
        var (round, attempts, scheduledStage, stage) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
        var (accuracy, loss, testLoss) = (r.ReadDouble(), ProtocolWire.ReadOptionalDouble(r), r.ReadDouble());
        var (eligible, selected, completed, dropped) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
        var (declined, late, surplus, discarded, skipped) = (r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadBoolean());
        var (train, simulated, wall, down, up) = (r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64());
        var metrics = new RoundMetrics(round, stage, accuracy, loss, testLoss, eligible, selected, completed, dropped, train, simulated, wall, down, up, late)
        {
            Participants = ProtocolWire.ReadInts(r),
            HsicPoints = ProtocolWire.ReadHsicPoints(r),
            Rejected = ReadRejected(r),
        };
        return new RoundCompleted(metrics, attempts, scheduledStage, declined, surplus, discarded, skipped);
    }
}
