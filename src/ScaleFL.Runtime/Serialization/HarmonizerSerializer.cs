using Akka.Actor;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;

namespace ScaleFL.Runtime.Serialization;

/// <summary>Binary serializer of <see cref="IHarmonizerMessage"/> (id 4104).</summary>
public sealed class HarmonizerSerializer : WeightMessageSerializer
{
    /// <summary>Called by Akka.</summary>
    public HarmonizerSerializer(ExtendedActorSystem system)
        : base(system)
    {
        Register<GetTrainableSet>("G", (w, m) => w.Write(m.Stage), r => new GetTrainableSet(r.ReadInt32()));
        Register<TrainableSetResponse>(
            "T",
            (w, m) => { w.Write(m.Stage); ProtocolWire.WriteTrainableSet(w, m.Trainable); },
            r => new TrainableSetResponse(r.ReadInt32(), ProtocolWire.ReadTrainableSet(r)));
    }

    /// <inheritdoc />
    public override int Identifier => 4104;
}
