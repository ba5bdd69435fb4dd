using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// What <c>--resume</c> found in one method's run folder, on every command that resumes
/// (<c>simulate</c>, <c>compare</c>, <c>sweep</c>). Every method's folder is read before any data is
/// loaded, anything is written or anything is said, so a folder that cannot be resumed refuses the
/// whole command in one line with no "already complete" or warning before it.
/// </summary>
/// <param name="From">The checkpoint to continue from; null: the method starts fresh.</param>
/// <param name="Earlier">The rounds 1..<c>From.Round</c> read back (when asked for), checked whole, <c>hsic.csv</c> included.</param>
/// <param name="Finished">The finished run read back (when asked for), when <c>From</c> already holds every round.</param>
/// <param name="Summary">The finished run's <c>summary.json</c> when the folder holds every round asked for (<see cref="ResumePoint.FinishedSummary"/>); null otherwise.</param>
/// <param name="Warnings">What the checkpoint search passed over, said once every folder is read.</param>
internal sealed record ResumedMethod(
    Checkpoint? From, IReadOnlyList<RoundMetrics>? Earlier, (RunResult Result, double WallSeconds)? Finished, SummaryFile? Summary, IReadOnlyList<string> Warnings)
{
    private static readonly ResumedMethod Fresh = new(null, null, null, null, []);

    /// <summary>True when the run already holds every round asked for: nothing trains and no file changes.</summary>
    public bool Complete => Summary is not null;

    /// <summary>
    /// Reads the run folder of <paramref name="method"/> in <paramref name="folderOptions"/> when it
    /// resumes; <paramref name="readBack"/> also reads its rounds (or its finished run) for a command
    /// that reports over the whole run. Throws what <see cref="ResumePoint.Load"/> and <see cref="RunHistory"/> throw, and
    /// without <c>--resume</c> what <see cref="EarlierRun.RefuseOverwrite"/> throws; always what <see cref="RunFolder.CheckWritable"/>
    /// throws, and with it what <see cref="RunFolder.CheckReadable"/>, <see cref="RunFolder.ReadFaults"/> and, for a run it continues, <see cref="RunFolder.CheckFaultsRecorded"/> throw.
    /// </summary>
    public static ResumedMethod Read(ExperimentOptions folderOptions, string method, bool readBack)
    {
        var folder = RunFolder.PathOf(folderOptions, method);
        // Found now, not when the run writes there after training.
        RunFolder.CheckWritable(folder);
        if (!folderOptions.Resume)
        {
            // A new run never writes over an earlier one's files.
            EarlierRun.RefuseOverwrite(folder);
            return Fresh;
        }

        RunFolder.CheckReadable(folder);
        var warnings = new List<string>();
        if (ResumePoint.Load(folderOptions, method, warnings.Add) is not { } from)
        {
            return Fresh with { Warnings = warnings };
        }

        // Read whole now: the resumed run keeps its earlier rows, and a row it cannot read would stop it only after training.
        RunFolder.ReadFaults(folder);
        if (ResumePoint.FinishedSummary(folderOptions, method, from) is { } summary)
        {
            // Nothing resumes from the checkpoint, so what its search passed over does not matter.
            return new(from, null, readBack ? RunHistory.Finished(folderOptions, method, summary) : null, summary, []);
        }

        // Continuing a run with a fault plan reads its faults.csv (totals, crashes already fired): a lost one is refused, like a lost metrics.csv.
        RunFolder.CheckFaultsRecorded(folderOptions, method, from.Round);
        var earlier = readBack ? RunHistory.Rounds(folder, from.Round, folderOptions.RecordHsicPlane) : null;
        return new(from, earlier, null, null, warnings);
    }

    /// <summary>
    /// Says what was found of <paramref name="method"/>, after every folder was read: the warnings on
    /// standard error and, for a complete run, that nothing changed (even with <c>--quiet</c>: the
    /// user asked for work and gets none).
    /// </summary>
    public void Report(ExperimentOptions folderOptions, string method)
    {
        foreach (var warning in Warnings)
        {
            Console.Error.WriteLine($"scalefl: {warning}");
        }

        if (Complete)
        {
            // A finished run whose latest checkpoint is lost cannot take more cyclic rounds (that resume is refused).
            CompletedRun.Say(folderOptions, method, Summary!.Rounds, canContinue: From?.Round == Summary.Rounds);
        }
    }
}
