namespace ScaleFL.Core.Methods;

/// <summary>
/// The released code's order: round r (1-based) trains stage (r-1) mod T, cycling through the
/// stages for as many rounds as the run has.
/// </summary>
public sealed class CyclicSchedule : ISchedule
{
    private readonly int stageCount;

    /// <summary>A cycle over <paramref name="stageCount"/> stages.</summary>
    public CyclicSchedule(int stageCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stageCount, 1);
        this.stageCount = stageCount;
    }

    /// <inheritdoc />
    public string Name => "cyclic";

    /// <inheritdoc />
    public int StageForRound(int round, IReadOnlyList<RoundRecord> history)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(round, 1);
        return (round - 1) % stageCount;
    }

    /// <inheritdoc />
    public bool IsFinished(IReadOnlyList<RoundRecord> history) => false;
}
