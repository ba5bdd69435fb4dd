using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Files;

/// <summary>
/// The check every command makes of the paths it will write, before it loads data or trains: the
/// folder is created, a file is written into it and removed, and a file path is not a folder. A
/// path that fails is an <see cref="ExperimentException"/> naming the flag, the path and the cause,
/// so an unwritable <c>--out</c> costs a second, not a finished run.
/// </summary>
public static class OutputPaths
{
    // As long as the longest name ScaleFL writes into a run folder (.checkpoint.prev.ckpt.PID.tmp), so a
    // file system with short names fails here rather than at the first checkpoint.
    private const string ProbeName = "scalefl-write-check-0123456789";

    /// <summary>
    /// Creates <paramref name="directory"/> (with its parents) and proves a file can be written
    /// there. Returns the full path. Throws <see cref="ExperimentException"/> naming <paramref name="flag"/>.
    /// </summary>
    public static string CheckDirectory(string flag, string directory)
    {
        var full = FullPath(flag, directory);
        try
        {
            Directory.CreateDirectory(full);
            AtomicFile.Write(Path.Combine(full, ProbeName), stream => stream.WriteByte(0));
            File.Delete(Path.Combine(full, ProbeName));
            return full;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ExperimentException($"{flag}: cannot write into '{full}': {Cause(error)}", error);
        }
    }

    /// <summary>
    /// Checks that <paramref name="file"/> can be written: its folder passes
    /// <see cref="CheckDirectory"/> and the path is not an existing folder. Returns the full path.
    /// </summary>
    public static string CheckFile(string flag, string file)
    {
        var full = FullPath(flag, file);
        if (Directory.Exists(full))
        {
            throw new ExperimentException($"{flag}: '{full}' is a folder; give a file path.");
        }

        if (Path.GetFileName(full).Length == 0)
        {
            throw new ExperimentException($"{flag}: '{file}' names no file.");
        }

        CheckDirectory(flag, Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>
    /// The full path of <paramref name="path"/>, without creating anything. Throws <see cref="ExperimentException"/>
    /// naming <paramref name="flag"/> when it is not a usable path.
    /// </summary>
    public static string FullPath(string flag, string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ExperimentException($"{flag}: '{path}' is not a usable path: {error.Message}", error);
        }
    }

    private static string Cause(Exception error) =>
        (error as OutputWriteException)?.InnerException?.Message ?? error.Message;
}
