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
    // The tables a compare or sweep writes in its own folder, after every method or point.
    private static readonly string[] Tables = ["compare.md", "compare.csv", "sweep.md", "sweep.csv"];
    private static readonly string[] Checkpoints = ["checkpoint.ckpt", "checkpoint.prev.ckpt"];

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

        var tables = Present(folder, Tables);
        if (tables.Count > 0)
        {
            throw new ExperimentException(
                $"out: {folder} holds an earlier comparison or sweep ({string.Join(", ", tables)}); nothing changed: --resume continues it (or reads it back), another --name starts a new one, or delete the folder.");
        }

        var checkpoints = Present(folder, Checkpoints);
        if (checkpoints.Count > 0)
        {
            throw new ExperimentException(
                $"out: {folder} holds a stopped run ({string.Join(", ", [.. checkpoints, .. Present(folder, [MetricsFile])])}); nothing changed: continue it with --resume, start this run under another --name, or delete the folder to start it again.");
        }

        if (Present(folder, [MetricsFile]).Count > 0)
        {
            throw NoCheckpoint(folder);
        }
    }

    /// <summary>
    /// The refusal of a folder whose <c>metrics.csv</c> has no checkpoint beside it: neither a new run
    /// (it would rewrite the file) nor <c>--resume</c> (nothing to continue from) may use it.
    /// </summary>
    public static ExperimentException NoCheckpoint(string folder) =>
        new($"out: {folder} holds the {MetricsFile} of a run but no checkpoint to continue it from; nothing changed: start this run under another --name, or delete the folder to start it again.");

    private const string MetricsFile = "metrics.csv";

    private static List<string> Present(string folder, string[] names) =>
        [.. names.Where(name => File.Exists(Path.Combine(folder, name)) || Directory.Exists(Path.Combine(folder, name)))];
}
