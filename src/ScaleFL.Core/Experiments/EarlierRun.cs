namespace ScaleFL.Core.Experiments;

/// <summary>
/// Guards a run folder against a new run started over an earlier one: without <c>--resume</c> a run
/// would rewrite <c>metrics.csv</c>, the checkpoints and, at its end, <c>summary.json</c> and
/// <c>final.ckpt</c>, so a finished run (or hours of a stopped one) would be lost without a word.
/// </summary>
public static class EarlierRun
{
    // What a run leaves in its folder; the lock and a killed write's temporaries do not make a run.
    private static readonly string[] FinishedFiles = [SummaryFile.Name, "final.ckpt"];
    private static readonly string[] StoppedFiles = ["checkpoint.ckpt", "checkpoint.prev.ckpt", "metrics.csv"];

    /// <summary>
    /// Throws <see cref="ExperimentException"/>, in one line naming <paramref name="folder"/> and what it
    /// holds, when the folder holds the files of an earlier run (finished or stopped); returns when it
    /// holds none, or does not exist. Nothing is written either way.
    /// </summary>
    public static void RefuseOverwrite(string folder)
    {
        var finished = Present(folder, FinishedFiles);
        if (finished.Count > 0)
        {
            throw new ExperimentException(
                $"out: {folder} holds a finished run ({string.Join(", ", finished)}); nothing changed: start this run under another --name, or delete the folder to run it again.");
        }

        var stopped = Present(folder, StoppedFiles);
        if (stopped.Count > 0)
        {
            throw new ExperimentException(
                $"out: {folder} holds a stopped run ({string.Join(", ", stopped)}); nothing changed: continue it with --resume, start this run under another --name, or delete the folder to start it again.");
        }
    }

    private static List<string> Present(string folder, string[] names) =>
        [.. names.Where(name => File.Exists(Path.Combine(folder, name)) || Directory.Exists(Path.Combine(folder, name)))];
}
