using System.Globalization;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Files;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What a resumed run that had no round left to train does with its folder. A finished run is
/// never rewritten: its <c>metrics.csv</c> and <c>summary.json</c> stay to the byte. Only a lost
/// <c>final.ckpt</c> (missing or unreadable) is written again, from the last round's checkpoint,
/// and only when evaluating that checkpoint gives exactly the final figures of <c>summary.json</c>.
/// </summary>
public static class FinishedRun
{
    /// <summary>
    /// Settles <paramref name="method"/> resumed from <paramref name="resume"/> whose run,
    /// <paramref name="result"/>, trained no round. Returns the finished run's <c>summary.json</c>, read once
    /// for the caller to hand on, when the folder holds the finished run (as it was, or with <c>final.ckpt</c>
    /// rebuilt, which <paramref name="notice"/> hears in one line);
    /// null when the earlier process was stopped before it wrote <c>summary.json</c> of that round,
    /// so the caller writes the run's files. Throws <see cref="ExperimentException"/>, writing nothing,
    /// when <c>final.ckpt</c> is lost and the checkpoint does not reproduce the summary, and
    /// <see cref="InvalidDataException"/> when <c>summary.json</c> cannot be read (or is missing beside <c>final.ckpt</c>).
    /// </summary>
    public static SummaryFile? Settle(ExperimentOptions options, string method, Checkpoint resume, RunResult result, Action<string> notice)
    {
        ArgumentNullException.ThrowIfNull(resume);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(notice);
        var folder = RunFolder.PathOf(options, method);
        if (ResumePoint.FinalRound(options, method) == resume.Round)
        {
            return SummaryFile.Read(folder);
        }

        if (!InputFile.IsPresent(Path.Combine(folder, SummaryFile.Name)))
        {
            return null;
        }

        var summary = SummaryFile.Read(folder);
        if (summary.Rounds != resume.Round)
        {
            // The summary of an earlier, shorter run (a cyclic run given more --rounds): this one never finished.
            return null;
        }

        var final = RunFolder.FinalCheckpointPathOf(options, method);
        var lost = InputFile.IsPresent(final) ? "unreadable" : "missing";
        var source = $"{RunFolder.CheckpointPathOf(options, method)} (round {resume.Round})";
        var evaluation = result.FinalEvaluation;
        if (evaluation.Accuracy != summary.Accuracy || evaluation.Loss != summary.Loss)
        {
            throw new ExperimentException(
                $"resume: {final} of the finished run is {lost}, and {source} evaluates to accuracy {Number(evaluation.Accuracy)}, loss {Number(evaluation.Loss)}, " +
                $"not {SummaryFile.Name}'s {Number(summary.Accuracy)}, {Number(summary.Loss)}; its files are left as they are (run it again under another --name for a model).");
        }

        RunFolder.WriteFinal(options, method, resume.Round, resume.Stage, result.FinalWeights);
        notice($"{final} was {lost}; rebuilt from {source}, whose evaluation reproduces {SummaryFile.Name} exactly (accuracy {Number(summary.Accuracy)}); nothing else changed.");
        return summary;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
