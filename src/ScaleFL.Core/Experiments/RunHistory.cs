using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What a method's run folder already holds, read back for a process that continues the run or
/// reports it: the rounds of <c>metrics.csv</c> with their points of <c>hsic.csv</c>, and, for a
/// finished run, its final weights and figures. So a resumed <c>compare</c> counts participation,
/// peak memory and the plots over every round, not only those of the last process.
/// </summary>
public static class RunHistory
{
    /// <summary>
    /// Rounds 1..<paramref name="throughRound"/> recorded in <paramref name="folder"/>, in round
    /// order (a row a killed process wrote after its last checkpoint is left out), with their
    /// points of <c>hsic.csv</c> when <paramref name="hsicRecorded"/> (the run's
    /// <see cref="ExperimentOptions.RecordHsicPlane"/>, which <c>--resume</c> keeps). Throws
    /// <see cref="InvalidDataException"/> naming the file when <c>metrics.csv</c> or <c>hsic.csv</c>
    /// has a row this program did not write, a round of 1..<paramref name="throughRound"/> is
    /// missing from either, or a round that aggregated updates has no participants (an older version's file).
    /// </summary>
    public static IReadOnlyList<RoundMetrics> Rounds(string folder, int throughRound, bool hsicRecorded)
    {
        var path = Path.Combine(folder, "metrics.csv");
        var points = HsicFile.Read(folder, hsicRecorded ? throughRound : 0);
        var rounds = MetricsCsv.Read(path).Where(round => round.Round <= throughRound).OrderBy(round => round.Round).ToList();
        // The figures of the whole run are recounted from these rows, so a gap or a row without
        // its participants would print a wrong participation or best round as if it were true.
        if (!rounds.Select(round => round.Round).SequenceEqual(Enumerable.Range(1, throughRound)))
        {
            throw new InvalidDataException(
                $"{path}: holds rounds {(rounds.Count == 0 ? "none" : string.Join(",", rounds.Select(round => round.Round)))}, but the checkpoint is after round {throughRound}; the run's figures cannot be recounted (run it again under another --name).");
        }

        if (rounds.FirstOrDefault(round => round.Completed > 0 && round.Participants.Count == 0) is { } old)
        {
            throw new InvalidDataException(
                $"{path}: round {old.Round} has no participants column (written by an older version), so participation cannot be recounted (run it again under another --name).");
        }

        return [.. rounds.Select(round => points.TryGetValue(round.Round, out var recorded) ? round with { HsicPoints = recorded } : round)];
    }

    /// <summary>
    /// The finished run of <paramref name="method"/>: every round, the weights of <c>final.ckpt</c>
    /// and the final evaluation (its sample count is not recorded: 0) and wall time of
    /// <paramref name="summary"/>, its <c>summary.json</c> already read. Throws
    /// <see cref="InvalidDataException"/> naming the file that is missing or unreadable.
    /// </summary>
    public static (RunResult Result, double WallSeconds) Finished(ExperimentOptions options, string method, SummaryFile summary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        var folder = RunFolder.PathOf(options, method);
        var final = CheckpointFile.Load(RunFolder.FinalCheckpointPathOf(options, method));
        var rounds = Rounds(folder, final.Round, options.RecordHsicPlane);
        var result = new RunResult(rounds, final.Weights, new EvaluationResult(summary.Accuracy, summary.Loss, 0))
        {
            Faults = RunFolder.ReadFaults(folder),
        };
        return (result, summary.WallSeconds);
    }
}
