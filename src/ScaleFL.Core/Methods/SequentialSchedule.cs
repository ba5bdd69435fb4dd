namespace ScaleFL.Core.Methods;

/// <summary>
/// The paper's sequential order: stage 0 for its round budget, then stage 1, and so on; with a
/// <see cref="PlateauRule"/>, a stage also ends as soon as its accuracy plateaus. Finished after
/// the last stage.
/// </summary>
public sealed class SequentialSchedule : ISchedule
{
    private readonly int[] roundsPerBlock;
    private readonly PlateauRule? plateau;

    /// <summary>
    /// A schedule giving stage k at most <paramref name="roundsPerBlock"/>[k] rounds; the array's
    /// length is the number of stages.
    /// </summary>
    public SequentialSchedule(IReadOnlyList<int> roundsPerBlock, PlateauRule? plateau = null)
    {
        if (roundsPerBlock.Count == 0 || roundsPerBlock.Any(rounds => rounds < 1))
        {
            throw new ArgumentException(
                $"roundsPerBlock must list at least 1 round for every stage, got [{string.Join(",", roundsPerBlock)}].",
                nameof(roundsPerBlock));
        }

        this.roundsPerBlock = roundsPerBlock.ToArray();
        this.plateau = plateau;
    }

    /// <summary>The same budget of <paramref name="roundsPerBlock"/> rounds for each of <paramref name="stageCount"/> stages.</summary>
    public SequentialSchedule(int stageCount, int roundsPerBlock, PlateauRule? plateau = null)
        : this(Enumerable.Repeat(roundsPerBlock, Math.Max(stageCount, 0)).ToArray(), plateau)
    {
    }

    /// <inheritdoc />
    public string Name => plateau is null ? "sequential" : "sequential+plateau";

    /// <summary>The most rounds the schedule can run: the sum of the budgets.</summary>
    public int MaxRounds => roundsPerBlock.Sum();

    /// <inheritdoc />
    public int StageForRound(int round, IReadOnlyList<RoundRecord> history)
    {
        var stage = NextStage(history);
        return stage < roundsPerBlock.Length
            ? stage
            : throw new InvalidOperationException($"The sequential schedule finished before round {round}.");
    }

    /// <inheritdoc />
    public bool IsFinished(IReadOnlyList<RoundRecord> history) => NextStage(history) >= roundsPerBlock.Length;

    private int NextStage(IReadOnlyList<RoundRecord> history)
    {
        if (history.Count == 0)
        {
            return 0;
        }

        var current = history[^1].Stage;
        var stageAccuracies = history.Reverse().TakeWhile(record => record.Stage == current)
            .Select(record => record.Accuracy).Reverse().ToList();
        var budgetSpent = stageAccuracies.Count >= roundsPerBlock[current];
        var plateaued = plateau?.HasPlateaued(stageAccuracies) ?? false;
        return budgetSpent || plateaued ? current + 1 : current;
    }
}
