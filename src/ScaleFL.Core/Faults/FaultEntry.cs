namespace ScaleFL.Core.Faults;

/// <summary>
/// One fault of a <see cref="FaultPlan"/>: <see cref="Kind"/> hits client <see cref="Client"/>
/// in rounds <see cref="Round"/>..<see cref="LastRound"/> (inclusive; a crash happens once).
/// Only the parameter of its kind is read.
/// </summary>
public sealed record FaultEntry
{
    /// <summary>What happens.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>The client's id (0-based).</summary>
    public required int Client { get; init; }

    /// <summary>First round (1-based) the fault is active.</summary>
    public required int Round { get; init; }

    /// <summary>Last round it is active; null = to the end of the run. Ignored by crashes.</summary>
    public int? LastRound { get; init; }

    /// <summary>Crash: optimizer steps trained before the crash; 0 = crash before training.</summary>
    public int AfterSteps { get; init; }

    /// <summary>Delay: seconds each message is held, in wall-clock time and added to the update's simulated time.</summary>
    public double Seconds { get; init; }

    /// <summary>Drop: share of round messages lost, 0 to 1, drawn from the run seed.</summary>
    public double Fraction { get; init; }

    /// <summary>Straggler: the speed factor from <see cref="Round"/> on (0.1 = ten times slower than the reference).</summary>
    public double SpeedFactor { get; init; } = 1;

    /// <summary>Shrink-budget: the share of its memory budget the client keeps, 0 to below 1.</summary>
    public double BudgetScale { get; init; } = 1;

    /// <summary>True when the fault is active in <paramref name="round"/>.</summary>
    public bool Covers(int round) => round >= Round && round <= (LastRound ?? int.MaxValue);
}
