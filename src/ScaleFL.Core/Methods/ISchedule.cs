namespace ScaleFL.Core.Methods;

/// <summary>
/// Decides which stage each round trains. Schedules hold no state: they read the history of the
/// rounds run so far, so a run can be resumed or replayed from its records.
/// </summary>
public interface ISchedule
{
    /// <summary>Name used in results, for example <c>sequential</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The stage (0-based) round <paramref name="round"/> (1-based) trains, given the records of
    /// rounds 1..round-1. Throws <see cref="InvalidOperationException"/> when the schedule is finished.
    /// </summary>
    int StageForRound(int round, IReadOnlyList<RoundRecord> history);

    /// <summary>True when no further round should run after <paramref name="history"/>.</summary>
    bool IsFinished(IReadOnlyList<RoundRecord> history);
}

/// <summary>What a schedule needs to know about a finished round.</summary>
/// <param name="Round">The round, 1-based.</param>
/// <param name="Stage">The stage the schedule chose for it (0-based).</param>
/// <param name="Accuracy">Test accuracy after the round, in [0, 1].</param>
public sealed record RoundRecord(int Round, int Stage, double Accuracy);
