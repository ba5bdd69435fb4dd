using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ScaleFL.Core.Files;

/// <summary>
/// The one way ScaleFL writes a results or checkpoint file: into a temporary file beside the
/// target (<c>.NAME.PID.tmp</c>), flushed to disk, then renamed over the target. A crash, a kill or
/// a full disk therefore leaves either the old file or the new one, never a truncated one; on
/// failure the temporary file is removed and an <see cref="OutputWriteException"/> names the file.
/// </summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/> atomically. With
    /// <paramref name="previousPath"/>, the file being replaced is kept there (renamed, after the
    /// new content is safely on disk). Throws <see cref="OutputWriteException"/>.
    /// </summary>
    public static void Write(string path, Action<Stream> write, string? previousPath = null)
    {
        var temporary = TemporaryPathOf(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (previousPath is not null && File.Exists(path))
            {
                File.Move(path, previousPath, overwrite: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw error as OutputWriteException ?? new OutputWriteException(path, error);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>The temporary file this process writes <paramref name="path"/> through: <c>.NAME.PID.tmp</c> in the same folder.</summary>
    public static string TemporaryPathOf(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}{TemporarySuffix}");
    }

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> that a killed process left
    /// behind (<c>.NAME.PID.tmp</c> whose PID no longer runs); a live writer's file is kept.
    /// Returns the files removed. A missing folder holds none.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTemporaries(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, $".*{TemporarySuffix}"))
        {
            if (WriterPid(Path.GetFileName(file)) is { } pid && !IsRunning(pid) && TryDelete(file))
            {
                removed.Add(file);
            }
        }

        return removed;
    }

    private static int? WriterPid(string name)
    {
        // .NAME.PID.tmp: the PID is the last dot-separated part before the suffix.
        var stem = name[..^TemporarySuffix.Length];
        var dot = stem.LastIndexOf('.');
        return dot > 0 && int.TryParse(stem[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
