using System.Globalization;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Files;

/// <summary>
/// Reads a small text file the user names (an experiment file, a fault plan, a node's HOCON
/// config) whole, after checking it is one: a directory, a missing file, a file over the size cap
/// and a device that never ends (<c>/dev/zero</c>, <c>/dev/urandom</c>) are each refused in one
/// line, instead of "does not exist", an out-of-memory or a read that never returns.
/// </summary>
public static class InputFile
{
    /// <summary>The default cap, 16 MiB: far above any plan or configuration, far below trouble.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8 unless a byte order mark says otherwise; the mark
    /// is dropped). Errors are <see cref="ExperimentException"/>s that start with
    /// <paramref name="what"/> and the path, e.g. <c>Fault plan '/dev/zero' is not a regular file ...</c>.
    /// </summary>
    /// <param name="path">The file as the user gave it.</param>
    /// <param name="what">What the file is, as errors name it: <c>Fault plan</c>, <c>Experiment file</c>, <c>config:</c>.</param>
    /// <param name="maxBytes">The largest file accepted, in bytes.</param>
    public static string ReadText(string path, string what, long maxBytes = DefaultMaxBytes)
    {
        if (Directory.Exists(path))
        {
            throw new ExperimentException($"{what} '{path}' is a directory; allowed: a file.");
        }

        if (!File.Exists(path))
        {
            throw new ExperimentException($"{what} '{path}' does not exist.");
        }

        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new ExperimentException($"{what} '{path}' is {Size(length)}; allowed: a file of at most {Size(maxBytes)}.");
        }

        // One byte more than the file's size: a device reports size 0 and has more, a regular file has not.
        var buffer = new byte[length + 1];
        var read = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            for (int got; read < buffer.Length && (got = stream.Read(buffer, read, buffer.Length - read)) > 0;)
            {
                read += got;
            }
        }

        if (read > length)
        {
            throw new ExperimentException($"{what} '{path}' is not a regular file (a device or pipe); allowed: a file.");
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 && bytes > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
