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
