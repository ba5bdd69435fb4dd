using System.Diagnostics;
using ScaleFL.Cli.Reports;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Runs one method of a <c>compare</c> and keeps its run folder as <c>simulate</c> does: a row of
/// <c>metrics.csv</c>, the points of <c>hsic.csv</c>, the faults and a checkpoint after every round, so a
/// stopped comparison keeps what it did and <c>--resume</c> continues it.
/// </summary>
internal static class MethodRunner
{
    /// <summary>
    /// Runs <paramref name="method"/> from <paramref name="resume"/> (null: from the start) and
    /// returns its run over every round, the earlier processes' included, with its comparison row.
    /// </summary>
    public static (MethodRun Run, ComparisonRow Row) Run(
        ExperimentSetup setup, ExperimentOptions folderOptions, string method, double targetAccuracy, RunConsole console, Checkpoint? resume, CancellationToken ct,
        IReadOnlyList<RoundMetrics>? earlier = null)
    {
        var folder = RunFolder.PathOf(folderOptions, method);
        // The caller may have read the earlier rounds already (compare checks them before it writes).
        var rounds = new List<RoundMetrics>(earlier ?? (resume is null ? [] : RunHistory.Rounds(folder, resume.Round, folderOptions.RecordHsicPlane)));
        var earlierSeconds = rounds.Sum(round => round.WallSeconds);
        if (resume is not null)
        {
            CompletedRun.SayResuming(folderOptions, method, resume);
        }

        var progress = console.Progress(method, setup.Options.Rounds);
        RunFolder.StartFaults(folder, setup.Options.FaultsFile is not null && resume is null);
        var recordedFaults = resume is null ? null : RunFolder.ReadFaults(folder);
        var clock = Stopwatch.StartNew();
        var result = ExperimentSimulation.RunAsync(
            setup,
            method,
            round =>
            {
                RunFolder.AppendRound(folder, round);
                rounds.Add(round);
                HsicFile.Write(folder, rounds);
                progress(round);
            },
            ct,
            RunFolder.CheckpointPathOf(folderOptions, method),
            resume,
            faults => RunFolder.RecordFaults(folder, (resume?.Round ?? 0) + 1, faults),
            recordedFaults: recordedFaults).GetAwaiter().GetResult();
        clock.Stop();
        var rebuilt = false;
        if (resume is not null && result.Rounds.Count == 0 && FinishedRun.Settle(folderOptions, method, resume, result, text => { rebuilt = true; Notice(text); }) is { } summary)
        {
            // The run had finished (its schedule may end before --rounds): its files stay as they are, a lost final.ckpt aside.
            CompletedRun.Say(folderOptions, method, resume.Round, rebuilt ? "final.ckpt rebuilt, nothing else changed" : null);
            return Finished(setup, method, targetAccuracy, RunHistory.Finished(folderOptions, method, summary));
        }

        RunFolder.Write(folderOptions, method, result, clock.Elapsed.TotalSeconds);
        return Report(setup, method, result with { Rounds = rounds }, targetAccuracy, earlierSeconds + clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The run and row of a method whose run folder holds a finished run (<c>--resume</c> of a done
    /// method), <paramref name="read"/> back by <see cref="RunHistory.Finished"/>.
    /// </summary>
    public static (MethodRun Run, ComparisonRow Row) Finished(
        ExperimentSetup setup, string method, double targetAccuracy, (RunResult Result, double WallSeconds) read)
    {
        var (result, wallSeconds) = read;
        return Report(setup, method, result, targetAccuracy, wallSeconds);
    }

    /// <summary>A one-line notice about a run folder, on standard error even with <c>--quiet</c>.</summary>
    public static void Notice(string text) => Console.Error.WriteLine($"scalefl: {text}");

    private static (MethodRun Run, ComparisonRow Row) Report(ExperimentSetup setup, string method, RunResult result, double targetAccuracy, double wallSeconds)
    {
        var peak = TrainingMemory.PeakBytes(setup, method, result.Rounds.Select(round => round.Stage), result.Rounds.SelectMany(round => round.Participants).ToHashSet());
        var row = ComparisonRow.From(method, result, setup.Clients.Count, targetAccuracy, peak, wallSeconds);
        return (new MethodRun(method, result), row);
    }
}
