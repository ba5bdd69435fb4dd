using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
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
    /// The cap of a run folder's tables (<c>metrics.csv</c>, <c>hsic.csv</c>, <c>faults.csv</c>,
    /// <c>devices.csv</c>), 256 MiB: about a million rounds of metrics, far below what reading them
    /// into lines would take of memory.
    /// </summary>
    public const long TableMaxBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The text of <paramref name="path"/> (UTF-8 unless a byte order mark says otherwise; the mark
    /// is dropped). Errors are <see cref="ExperimentException"/>s (or what <paramref name="refuse"/>
    /// makes of the line) that start with <paramref name="what"/> and the path, e.g.
    /// <c>Fault plan '/dev/zero' is not a regular file ...</c>.
    /// </summary>
    /// <param name="path">The file as the user gave it.</param>
    /// <param name="what">What the file is, as errors name it: <c>Fault plan</c>, <c>Experiment file</c>, <c>config:</c>.</param>
    /// <param name="maxBytes">The largest file accepted, in bytes.</param>
    /// <param name="refuse">Makes the exception of a refusal from its one line; <see cref="ExperimentException"/> when null.</param>
    public static string ReadText(string path, string what, long maxBytes = DefaultMaxBytes, Func<string, Exception>? refuse = null)
    {
        var bytes = ReadBytes(path, what, maxBytes, refuse);
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The lines of <paramref name="path"/>'s text (<see cref="ReadText"/>), as
    /// <see cref="File.ReadAllLines(string)"/> splits them. Errors as <see cref="ReadText"/>'s.
    /// </summary>
    public static string[] ReadLines(string path, string what, long maxBytes = DefaultMaxBytes, Func<string, Exception>? refuse = null)
    {
        using var reader = new StringReader(ReadText(path, what, maxBytes, refuse));
        var lines = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    /// <summary>
    /// The bytes of <paramref name="path"/>, read whole after checking it is a regular file of at
    /// most <paramref name="maxBytes"/> bytes (a pipe is never waited on, a device never read past
    /// its reported size). Errors as <see cref="ReadText"/>'s.
    /// </summary>
    public static byte[] ReadBytes(string path, string what, long maxBytes, Func<string, Exception>? refuse = null)
    {
        refuse ??= line => new ExperimentException(line);
        using var stream = OpenRegular(path, what, refuse);
        // The size of the file the path leads to: a symbolic link is followed, as every reader here follows it.
        var length = stream.Length;
        var cap = Math.Min(maxBytes, Array.MaxLength);
        if (length > cap)
        {
            throw refuse($"{what} '{path}' is {Size(length)}; allowed: a file of at most {Size(cap)}.");
        }

        var buffer = new byte[length];
        var read = 0;
        for (int got; read < buffer.Length && (got = stream.Read(buffer, read, buffer.Length - read)) > 0;)
        {
            read += got;
        }

        // A regular file has nothing past its size; a device that reports size 0 has.
        if (stream.ReadByte() >= 0)
        {
            throw NotRegular(path, what, refuse);
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a regular file this process can open, without reading
    /// it: for a large input named on the command line, refused in one line before any data loads.
    /// Errors as <see cref="ReadText"/>'s.
    /// </summary>
    public static void CheckRegular(string path, string what, Func<string, Exception>? refuse = null)
    {
        refuse ??= line => new ExperimentException(line);
        using var stream = OpenRegular(path, what, refuse);
        stream.Seek(stream.Length, SeekOrigin.Begin);
        if (stream.ReadByte() >= 0)
        {
            throw NotRegular(path, what, refuse);
        }
    }

    // Opened without waiting for a pipe's writer; a missing file or a directory is named as such, and a
    // stream that cannot seek (a pipe) is refused.
    private static FileStream OpenRegular(string path, string what, Func<string, Exception> refuse)
    {
        if (Directory.Exists(path))
        {
            throw refuse($"{what} '{path}' is a directory; allowed: a file.");
        }

        FileStream stream;
        try
        {
            stream = OpenWithoutWaiting(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw refuse($"{what} '{path}' cannot be read (permission denied); allowed: a file this user can read.");
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            // A dangling symbolic link too.
            throw refuse($"{what} '{path}' does not exist.");
        }
        catch (IOException) when (LeadsToItself(path))
        {
            throw refuse($"{what} '{path}' is a symbolic link that leads to itself (a loop); allowed: a file.");
        }
        catch (IOException other)
        {
            throw refuse($"{what} '{path}' cannot be opened: {other.Message.Split('\n')[0].Trim()}");
        }

        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw NotRegular(path, what, refuse);
        }

        return stream;
    }

    /// <summary>
    /// True when anything is at <paramref name="path"/>: a file, a directory, a special file or a
    /// symbolic link, even one that leads nowhere or to itself. A reader that takes a missing file for
    /// "nothing recorded yet" asks this, not <see cref="File.Exists"/> (false for all but a file), so
    /// whatever else stands in the file's place reaches the reader and is refused by name.
    /// </summary>
    public static bool IsPresent(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    // A symbolic link whose chain of links comes back to itself: followed by hand, each target taken
    // relative to its link's folder, it is still a link after 40 steps (the kernel gives up, ELOOP, at 40).
    private static bool LeadsToItself(string path)
    {
        var current = Path.GetFullPath(path);
        for (var step = 0; step < 40; step++)
        {
            if (new FileInfo(current).LinkTarget is not { } target)
            {
                return false;
            }

            current = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
        }

        return true;
    }

    private static Exception NotRegular(string path, string what, Func<string, Exception> refuse) =>
        refuse($"{what} '{path}' is not a regular file (a device or pipe); allowed: a file.");

    /// <summary>
    /// Opens <paramref name="path"/> for reading. On Unix it is opened non-blocking: opening a named
    /// pipe otherwise waits for a writer, forever; the stream of a pipe cannot seek, which the caller refuses.
    /// </summary>
    private static FileStream OpenWithoutWaiting(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            // The path as the C string open(2) takes: UTF-8, ending in a zero byte.
            var descriptor = OpenNative([.. System.Text.Encoding.UTF8.GetBytes(path), 0], OperatingSystem.IsMacOS() ? MacNonBlocking : LinuxNonBlocking);
            if (descriptor >= 0)
            {
                return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read);
            }
        }

        // Windows, or open(2) refused: the usual open, whose error names the problem.
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    // O_RDONLY is 0 everywhere; O_NONBLOCK is 04000 on Linux and 0x4 on macOS.
    private const int LinuxNonBlocking = 0x800;
    private const int MacNonBlocking = 0x4;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative(byte[] path, int flags);

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
