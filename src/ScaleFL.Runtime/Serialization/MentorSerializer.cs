using Akka.Actor;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Mentor.MentorProtocol;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary serializer of <see cref="IMentorMessage"/> (id 4103).</summary>
public sealed class MentorSerializer : WeightMessageSerializer
{
    /// <summary>Called by Akka.</summary>
    public MentorSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<GetRoundStage>("G", (w, m) => w.Write(m.Round), r => new GetRoundStage(r.ReadInt32()));
        Register<RoundStageResponse>(
            "S",
            (w, m) => { w.Write(m.Round); w.Write(m.Stage); w.Write(m.Finished); ProtocolWire.WriteObjective(w, m.Objective); },
            r => new RoundStageResponse(r.ReadInt32(), r.ReadInt32(), r.ReadBoolean(), ProtocolWire.ReadObjective(r)));
        Register<GetRequiredMemory>(
            "M",
            (w, m) => { ProtocolWire.WriteTrainableSet(w, m.Trainable); ProtocolWire.WriteFamily(w, m.SubModels); },
            r => new GetRequiredMemory(ProtocolWire.ReadTrainableSet(r)) { SubModels = ProtocolWire.ReadFamily(r) });
        Register<RequiredMemoryResponse>(
            "R",
            (w, m) => { ProtocolWire.WriteBatchLadder(w, m.Ladder); ProtocolWire.WriteLadder(w, m.SubModels); },
            r => new RequiredMemoryResponse(ProtocolWire.ReadBatchLadder(r)) { SubModels = ProtocolWire.ReadLadder(r) });
    }

    /// <inheritdoc />
    public override int Identifier => 4103;
}
