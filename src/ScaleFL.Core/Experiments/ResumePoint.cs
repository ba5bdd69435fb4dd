using ScaleFL.Core.Checkpoints;

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
    /// may change), <see cref="InvalidDataException"/> when no checkpoint file is readable.
    /// </summary>
    public static Checkpoint? Load(ExperimentOptions options, string method, Action<string>? warn)
    {
        var checkpointPath = RunFolder.CheckpointPathOf(options, method);
        if (!File.Exists(checkpointPath) && !File.Exists(CheckpointFile.PreviousPath(checkpointPath)))
        {
            warn?.Invoke($"resume: no checkpoint of {method} in '{Path.GetDirectoryName(checkpointPath)}'; starting a new run there.");
            return null;
        }

        var checkpoint = CheckpointFile.LoadLatestGood(checkpointPath, warn);
        if (checkpoint.Model != options.Model || checkpoint.Method != method)
        {
            throw new ExperimentException(
                $"resume: '{checkpointPath}' holds {checkpoint.Method} on {checkpoint.Model}, not {method} on {options.Model}; use another --name or drop --resume.");
        }

        if (ExperimentFingerprint.Parse(checkpoint.Fingerprint) is not { } recorded)
        {
            warn?.Invoke($"'{checkpointPath}' predates experiment fingerprints: only its model and method were checked.");
            return checkpoint;
        }

        // Checkpoints from before the nHSIC plane was fingerprinted: the run recorded it if it left hsic.csv.
        var recordedPlane = File.Exists(Path.Combine(RunFolder.PathOf(options, method), HsicFile.Name));
        var changes = recorded.WithAbsent("recordHsicPlane", recordedPlane ? bool.TrueString : bool.FalseString)
            .Differences(ExperimentFingerprint.Of(options, method));
        if (changes.Count > 0)
        {
            throw new ExperimentException(
                $"resume: '{checkpointPath}' belongs to another experiment ({string.Join("; ", changes)}); " +
                "resume with the run's settings (only --out, --name, --data, --quiet and --device may change, and --rounds under the cyclic schedule) or start a new run with another --name.");
        }

        return checkpoint;
    }

    /// <summary>
    /// True when the run of <paramref name="method"/> already finished at <paramref name="resume"/>:
    /// its <c>final.ckpt</c> was written after that same round and no more rounds are asked for.
    /// Resuming it would change nothing but the files, so the caller leaves them alone.
    /// </summary>
    public static bool IsComplete(ExperimentOptions options, string method, Checkpoint resume) =>
        resume.Round >= options.Rounds && FinishedAfter(options, method, resume.Round);

    /// <summary>True when <c>final.ckpt</c> of <paramref name="method"/> exists and was written after <paramref name="round"/>.</summary>
    public static bool FinishedAfter(ExperimentOptions options, string method, int round)
    {
        var final = RunFolder.FinalCheckpointPathOf(options, method);
        try
        {
            return File.Exists(final) && CheckpointFile.Load(final).Round == round;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
