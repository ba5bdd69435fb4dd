namespace ScaleFL.Core.Methods;

/// <summary>What a schedule needs to know about a finished round.</summary>
/// <param name="Round">The round, 1-based.</param>
/// <param name="Stage">The stage the schedule chose for it (0-based).</param>
/// <param name="Accuracy">Test accuracy after the round, in [0, 1].</param>
public sealed record RoundRecord(int Round, int Stage, double Accuracy);
