using System.Globalization;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Files;

/// <summary>
/// An exclusive lock on a run folder, held by the one process that writes it for the whole run,
/// so a second <c>simulate</c>, <c>compare</c>, <c>sweep</c> or <c>server</c> on the same folder (a
/// <c>--resume</c> started twice) is refused instead of writing the same files and removing the
/// other's temporaries. The lock is the operating system's on the open <c>.lock</c> file
/// (<see cref="FileShare.None"/>: <c>flock</c> on Unix), so it dies with its process, even one
/// killed with SIGKILL; the holder's process id is kept beside it in <c>.lock.pid</c> for the message.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The locked file's name in a run folder.</summary>
    public const string FileName = ".lock";

    /// <summary>The file beside the lock that names the process holding it.</summary>
    public const string OwnerFileName = ".lock.pid";

    private readonly FileStream held;

    private RunLock(FileStream held) => this.held = held;

    /// <summary>
    /// Takes the lock of <paramref name="folder"/> (which exists). Throws <see cref="ExperimentException"/>
    /// naming the folder and the holder's process id when another process holds it, and naming the
    /// lock file when it cannot be opened (a directory in its place, no permission).
    /// </summary>
    public static RunLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new ExperimentException(
                $"run folder '{folder}' is in use by {Holder(folder)} (another run of it, or a --resume started twice); wait for that process to end, or give another --name.");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new ExperimentException($"run folder '{folder}': '{FileName}' is a directory, not the lock file a run keeps there; remove it.");
        }
        catch (UnauthorizedAccessException error)
        {
            throw new ExperimentException($"run folder '{folder}': its lock file '{FileName}' cannot be opened ({error.Message}); make the folder writable, or give another --out.");
        }

        AtomicFile.WriteAllText(Path.Combine(folder, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new RunLock(stream);
    }

    /// <summary>Takes the locks of <paramref name="folders"/> in order; when one is refused, lets go of those taken and throws.</summary>
    public static IDisposable AcquireAll(IEnumerable<string> folders)
    {
        var locks = new List<RunLock>();
        try
        {
            foreach (var folder in folders.Distinct(StringComparer.Ordinal))
            {
                locks.Add(Acquire(folder));
            }
        }
        catch
        {
            locks.ForEach(taken => taken.Dispose());
            throw;
        }

        return new Held(locks);
    }

    /// <inheritdoc />
    public void Dispose() => held.Dispose();

    private static string Holder(string folder)
    {
        try
        {
            var text = InputFile.ReadText(Path.Combine(folder, OwnerFileName), "Lock owner", maxBytes: 64, line => new IOException(line)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? $"process {pid}" : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    private sealed class Held(List<RunLock> locks) : IDisposable
    {
        public void Dispose() => locks.ForEach(taken => taken.Dispose());
    }
}
