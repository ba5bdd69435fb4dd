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
    /// The text of <paramref name="path"/> (UTF-8 unless a byte order mark says otherwise; the mark
    /// is dropped). Errors are <see cref="ExperimentException"/>s that start with
    /// <paramref name="what"/> and the path, e.g. <c>Fault plan '/dev/zero' is not a regular file ...</c>.
    /// </summary>
    /// <param name="path">The file as the user gave it.</param>
    /// <param name="what">What the file is, as errors name it: <c>Fault plan</c>, <c>Experiment file</c>, <c>config:</c>.</param>
    /// <param name="maxBytes">The largest file accepted, in bytes.</param>
    public static string ReadText(string path, string what, long maxBytes = DefaultMaxBytes)
    {
        var length = Length(path, what);
        if (length > maxBytes)
        {
            throw new ExperimentException($"{what} '{path}' is {Size(length)}; allowed: a file of at most {Size(maxBytes)}.");
        }

        // One byte more than the file's size: a device reports size 0 and has more, a regular file has not.
        var buffer = new byte[length + 1];
        var read = 0;
        using (var stream = OpenRegular(path, what))
        {
            for (int got; read < buffer.Length && (got = stream.Read(buffer, read, buffer.Length - read)) > 0;)
            {
                read += got;
            }
        }

        if (read > length)
        {
            throw NotRegular(path, what);
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a regular file this process can open, without reading
    /// it: for a large input (the <c>--init</c> weights) named on the command line, refused in one
    /// line before any data loads. Errors as <see cref="ReadText"/>'s.
    /// </summary>
    public static void CheckRegular(string path, string what)
    {
        var length = Length(path, what);
        using var stream = OpenRegular(path, what);
        // A regular file has nothing past its size; a device that reports size 0 has.
        stream.Seek(length, SeekOrigin.Begin);
        if (stream.ReadByte() >= 0)
        {
            throw NotRegular(path, what);
        }
    }

    // The size in bytes of an existing file (not a directory).
    private static long Length(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new ExperimentException($"{what} '{path}' is a directory; allowed: a file.");
        }

        return File.Exists(path) ? new FileInfo(path).Length : throw new ExperimentException($"{what} '{path}' does not exist.");
    }

    // Opened without waiting for a pipe's writer; a stream that cannot seek (a pipe) is refused.
    private static FileStream OpenRegular(string path, string what)
    {
        FileStream stream;
        try
        {
            stream = OpenWithoutWaiting(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ExperimentException($"{what} '{path}' cannot be read (permission denied); allowed: a file this user can read.");
        }

        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw NotRegular(path, what);
        }

        return stream;
    }

    private static ExperimentException NotRegular(string path, string what) =>
        new($"{what} '{path}' is not a regular file (a device or pipe); allowed: a file.");

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

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 && bytes > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
