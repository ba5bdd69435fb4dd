using ScaleFL.Core.Checkpoints;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Finds where <c>--resume</c> continues a method: the last good checkpoint of its run folder
/// (the previous one when the latest is corrupt), checked against the experiment.
/// </summary>
public static class ResumePoint
{
    /// <summary>
    /// The checkpoint to resume <paramref name="method"/> from, or null when the run folder holds
    /// none (the run starts fresh). <paramref name="warn"/> hears why a corrupt latest file was
    /// passed over. Throws <see cref="ExperimentException"/> when the checkpoint belongs to another
    /// model or method, <see cref="InvalidDataException"/> when no checkpoint file is readable.
    /// </summary>
    public static Checkpoint? Load(string checkpointPath, string model, string method, Action<string>? warn)
    {
        if (!File.Exists(checkpointPath) && !File.Exists(CheckpointFile.PreviousPath(checkpointPath)))
        {
            return null;
        }

        var checkpoint = CheckpointFile.LoadLatestGood(checkpointPath, warn);
        if (checkpoint.Model != model || checkpoint.Method != method)
        {
            throw new ExperimentException(
                $"resume: '{checkpointPath}' holds {checkpoint.Method} on {checkpoint.Model}, not {method} on {model}; use another --name or drop --resume.");
        }

        return checkpoint;
    }
}
