using ScaleFL.Core.Files;

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
    // What a run records round by round: without a checkpoint there is nothing to continue, but a new run would rewrite them.
    private static readonly string[] Records = ["metrics.csv", "faults.csv", HsicFile.Name];

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
                $"out: {folder} holds a stopped run ({string.Join(", ", [.. checkpoints, .. Present(folder, Records)])}); nothing changed: continue it with --resume, start this run under another --name, or delete the folder to start it again.");
        }

        if (RecordOf(folder) is { } record)
        {
            throw NoCheckpoint(folder, record);
        }
    }

    /// <summary>
    /// Throws <see cref="ExperimentException"/> when the comparison or sweep <paramref name="folder"/> holds
    /// the run (finished or stopped) of a method or point that <paramref name="kept"/>, those of a
    /// <c>--resume</c>, leaves out: the table and plots written after every one would lose its row. Only
    /// subfolders named as the command names its runs count (<paramref name="isRunName"/>: a method, or
    /// <c>point-N</c>); any other folder there is the user's. <paramref name="flag"/> names what chose
    /// them (<c>--methods</c>, <c>--grid</c>).
    /// </summary>
    public static void RefuseLeavingOut(string folder, IReadOnlyCollection<string> kept, Func<string, bool> isRunName, string flag)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(isRunName);
        var left = Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
                .Where(name => isRunName(name) && !kept.Contains(name) && HoldsRun(Path.Combine(folder, name)))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        if (left.Count > 0)
        {
            var one = left.Count == 1;
            throw new ExperimentException(
                $"resume: {folder} holds {(one ? "the run" : "the runs")} of {string.Join(", ", left)}, which {flag} leaves out; nothing changed: {(one ? "its row" : "their rows")} would leave the table. " +
                $"Keep {(one ? "it" : "them")} in {flag}, or start this {(flag == "--grid" ? "sweep" : "comparison")} under another --name.");
        }
    }

    /// <summary>
    /// The first of the round-by-round records of a run (<c>metrics.csv</c>, <c>faults.csv</c>,
    /// <c>hsic.csv</c>) that <paramref name="folder"/> holds, or null when it holds none.
    /// </summary>
    public static string? RecordOf(string folder) => Present(folder, Records).FirstOrDefault(name => !IsHeaderOnly(Path.Combine(folder, name)));

    // A run with a fault plan writes faults.csv's header before its first round (RunFolder.StartFaults):
    // a run stopped in round 1 recorded nothing, and may start again or resume as if the file were absent.
    private static bool IsHeaderOnly(string path)
    {
        if (Path.GetFileName(path) != "faults.csv")
        {
            return false;
        }

        try
        {
            // The reader's own checks (regular file, bounded, the header first): one rule for what the file holds.
            return RunFolder.ReadFaults(Path.GetDirectoryName(path)!).Events.Count == 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Damaged, unreadable or not a regular file: a record (the readers refuse it later, naming it).
            return false;
        }
    }

    /// <summary>
    /// The refusal of a folder whose <paramref name="record"/> (<see cref="RecordOf"/>) has no checkpoint
    /// beside it: neither a new run (it would rewrite the file) nor <c>--resume</c> (nothing to continue from) may use it.
    /// </summary>
    public static ExperimentException NoCheckpoint(string folder, string record) =>
        new($"out: {folder} holds the {record} of a run but no checkpoint to continue it from; nothing changed: start this run under another --name, or delete the folder to start it again.");

    // A method's folder holds its run's files; a sweep point's folder holds its method's folder.
    private static bool HoldsRun(string folder) =>
        Present(folder, [.. FinishedFiles, .. Checkpoints, .. Records]).Count > 0
        || Directory.EnumerateDirectories(folder).Any(inner => Present(inner, [.. FinishedFiles, .. Checkpoints, .. Records]).Count > 0);

    private static List<string> Present(string folder, string[] names) =>
        [.. names.Where(name => InputFile.IsPresent(Path.Combine(folder, name)))];
}
