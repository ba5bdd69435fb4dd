using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Finds where <c>--resume</c> continues a method: the last good checkpoint of its run folder
/// (the previous one when the latest is corrupt), checked to belong to the same experiment.
/// </summary>
public static class ResumePoint
{
    /// <summary>
    /// The checkpoint to resume <paramref name="method"/> of <paramref name="options"/> from, or
    /// null when the run folder holds none (the run starts fresh). <paramref name="warn"/> hears
    /// why a corrupt latest file was passed over, or that an old checkpoint has no fingerprint to
    /// check. Throws <see cref="ExperimentException"/> when the checkpoint belongs to another
    /// model, method or experiment (naming each field that differs; <see cref="ExperimentFingerprint.SafeFields"/>
    /// may change) or when the folder holds a finished run (<c>summary.json</c> or <c>final.ckpt</c>)
    /// but neither checkpoint, <see cref="InvalidDataException"/> when no checkpoint file is readable.
    /// </summary>
    public static Checkpoint? Load(ExperimentOptions options, string method, Action<string>? warn)
    {
        var checkpointPath = RunFolder.CheckpointPathOf(options, method);
        if (!InputFile.IsPresent(checkpointPath) && !InputFile.IsPresent(CheckpointFile.PreviousPath(checkpointPath)))
        {
            // A finished run is never trained again: without any checkpoint its results stand as they are.
            var folder = RunFolder.PathOf(options, method);
            if (InputFile.IsPresent(Path.Combine(folder, SummaryFile.Name)) || InputFile.IsPresent(RunFolder.FinalCheckpointPathOf(options, method)))
            {
                throw new ExperimentException(
                    $"resume: {folder} holds a finished run but no checkpoint ({Path.GetFileName(checkpointPath)} and its previous file are missing); nothing changed: its results stand, start a new run with another --name.");
            }

            if (EarlierRun.RecordOf(folder) is { } record)
            {
                // Starting anew would rewrite the rounds it holds.
                throw EarlierRun.NoCheckpoint(folder, record);
            }

            warn?.Invoke($"resume: no checkpoint of {method} in '{Path.GetDirectoryName(checkpointPath)}'; starting a new run there.");
            return null;
        }

        var checkpoint = CheckpointFile.LoadLatestGood(checkpointPath, warn);
        if (checkpoint.Model != options.Model || checkpoint.Method != method)
        {
            throw new ExperimentException(
                $"resume: '{checkpointPath}' holds {checkpoint.Method} on {checkpoint.Model}, not {method} on {options.Model}; start it under another --name (or delete the folder).");
        }

        if (ExperimentFingerprint.Parse(checkpoint.Fingerprint) is not { } recorded)
        {
            warn?.Invoke($"'{checkpointPath}' predates experiment fingerprints: only its model and method were checked.");
            return checkpoint;
        }

        // Checkpoints from before the nHSIC plane was fingerprinted: the run recorded it if it left hsic.csv.
        var recordedPlane = InputFile.IsPresent(Path.Combine(RunFolder.PathOf(options, method), HsicFile.Name));
        var changes = recorded.WithAbsent("recordHsicPlane", recordedPlane ? bool.TrueString : bool.FalseString)
            .Differences(ExperimentFingerprint.Of(options, method));
        if (changes.Count > 0)
        {
            throw new ExperimentException(
                $"resume: '{checkpointPath}' belongs to another experiment ({string.Join("; ", changes)}); " +
                "resume with the run's settings (only --out, --name, --data, --quiet and --device may change, and --rounds under the cyclic schedule) or start a new run with another --name.");
        }

        if (checkpoint.Round > options.Rounds)
        {
            // Only the cyclic schedule gets here (another --rounds is another sequential experiment): fewer rounds cannot undo trained ones.
            throw new ExperimentException(
                $"resume: '{checkpointPath}' is after round {checkpoint.Round}, beyond --rounds {options.Rounds}; nothing changed: resume with --rounds {checkpoint.Round} or more.");
        }

        return checkpoint;
    }

    /// <summary>
    /// The <c>summary.json</c> of the run of <paramref name="method"/> when its folder holds the run
    /// finished with every round asked for, read once for the caller to hand on; null when
    /// <paramref name="resume"/> continues it (or <see cref="FinishedRun"/> settles a lost
    /// <c>final.ckpt</c>). The folder decides, not the checkpoint that loaded: a finished run whose
    /// <c>checkpoint.ckpt</c> is lost resumes from the previous one, and training from there would
    /// rewrite its last round. Throws <see cref="ExperimentException"/>, writing nothing, when the
    /// finished run went past <paramref name="resume"/> and the rounds asked for need what is lost
    /// (a rebuilt <c>final.ckpt</c>, more cyclic rounds), and <see cref="InvalidDataException"/> when
    /// the finished run's <c>summary.json</c> is missing, unreadable or of another round.
    /// </summary>
    public static SummaryFile? FinishedSummary(ExperimentOptions options, string method, Checkpoint resume)
    {
        ArgumentNullException.ThrowIfNull(resume);
        var folder = RunFolder.PathOf(options, method);
        var finalRound = FinalRound(options, method);
        if (resume.Round >= options.Rounds && finalRound == resume.Round)
        {
            return SummaryFile.Read(folder);
        }

        // What the folder's files say the run reached; a lost or unreadable file says nothing.
        var summaryRounds = SummaryRounds(folder);
        var finishedAt = Math.Max(summaryRounds ?? 0, finalRound ?? 0);
        if (finishedAt <= resume.Round)
        {
            return null;
        }

        // The run went past the checkpoint that loaded: its latest checkpoint is lost.
        var latest = RunFolder.CheckpointPathOf(options, method);
        var loaded = $"the last readable checkpoint is of round {resume.Round}";
        if (finishedAt < options.Rounds && options.Schedule == "cyclic")
        {
            throw new ExperimentException(
                $"resume: the run in {folder} finished {finishedAt} rounds, but {latest} is {Lost(latest)} and {loaded}, so continuing would train round {resume.Round + 1} of the finished run again; " +
                "restore it, or start a new run with another --name.");
        }

        if (finalRound != finishedAt)
        {
            var final = RunFolder.FinalCheckpointPathOf(options, method);
            throw new ExperimentException(
                $"resume: {final} of the finished run is {(finalRound is { } round ? $"of round {round}" : Lost(final))} and cannot be rebuilt: {latest} is {Lost(latest)} and {loaded}, not {finishedAt}; " +
                "its files are left as they are (run it again under another --name for a model).");
        }

        var summary = SummaryFile.Read(folder);
        return summary.Rounds == finishedAt ? summary : throw new InvalidDataException(
            $"{Path.Combine(folder, SummaryFile.Name)}: records {summary.Rounds} rounds, but {RunFolder.FinalCheckpointPathOf(options, method)} is after round {finishedAt}; restore it, or run it again under another --name.");
    }

    /// <summary>
    /// The round after which <c>final.ckpt</c> of <paramref name="method"/> was written; null when it is
    /// missing or unreadable (corrupt, truncated, not a regular file). Loads the whole file: its checksum covers the round.
    /// </summary>
    public static int? FinalRound(ExperimentOptions options, string method)
    {
        var final = RunFolder.FinalCheckpointPathOf(options, method);
        try
        {
            return InputFile.IsPresent(final) ? CheckpointFile.Load(final).Round : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static int? SummaryRounds(string folder)
    {
        try
        {
            return InputFile.IsPresent(Path.Combine(folder, SummaryFile.Name)) ? SummaryFile.Read(folder).Rounds : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string Lost(string path) => InputFile.IsPresent(path) ? "unreadable" : "missing";
}
