using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;

namespace ScaleFL.Runtime.Serialization;

/// <summary>The fault plan a server hands its devices, and the kinds they report back.</summary>
internal static partial class ProtocolWire
{
    // kind, client, round, lastRound (0 = none), afterSteps and four doubles.
    private const int FaultEntryBytes = (5 * sizeof(int)) + (4 * sizeof(double));

    public static void WriteFaultPlan(BinaryWriter writer, FaultPlan plan)
    {
        writer.Write(plan.Faults.Count);
        foreach (var fault in plan.Faults)
        {
            writer.Write((int)fault.Kind);
            writer.Write(fault.Client);
            writer.Write(fault.Round);
            writer.Write(fault.LastRound ?? 0);
            writer.Write(fault.AfterSteps);
            writer.Write(fault.Seconds);
            writer.Write(fault.Fraction);
            writer.Write(fault.SpeedFactor);
            writer.Write(fault.BudgetScale);
        }
    }

    /// <summary>Reads a plan and checks it as a plan file is checked (any client id); a bad one is <see cref="InvalidDataException"/>.</summary>
    public static FaultPlan ReadFaultPlan(BinaryReader reader)
    {
        var entries = new FaultEntry[Count(reader, FaultEntryBytes)];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new FaultEntry
            {
                Kind = ReadFaultKind(reader),
                Client = reader.ReadInt32(),
                Round = reader.ReadInt32(),
                LastRound = reader.ReadInt32() is > 0 and var last ? last : null,
                AfterSteps = reader.ReadInt32(),
                Seconds = reader.ReadDouble(),
                Fraction = reader.ReadDouble(),
                SpeedFactor = reader.ReadDouble(),
                BudgetScale = reader.ReadDouble(),
            };
        }

        try
        {
            return new FaultPlan(entries).Validate(int.MaxValue, int.MaxValue);
        }
        catch (ExperimentException error)
        {
            throw new InvalidDataException(error.Message, error);
        }
    }

    public static FaultKind ReadFaultKind(BinaryReader reader)
    {
        var kind = reader.ReadInt32();
        return Enum.IsDefined((FaultKind)kind) ? (FaultKind)kind : throw new InvalidDataException($"fault kind {kind} is not one of the {Enum.GetValues<FaultKind>().Length} kinds");
    }
}
