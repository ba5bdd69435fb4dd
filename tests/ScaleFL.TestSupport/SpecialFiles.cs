using System.Diagnostics;

namespace ScaleFL.TestSupport;

/// <summary>
/// Files that are not regular files, put where a reader expects one (a named pipe, a symbolic
/// link to a device), and a bounded way to call a reader that might wait on them forever.
/// </summary>
public static class SpecialFiles
{
    /// <summary>The kinds a test can put in place of a file.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["named pipe", "link to /dev/zero", "link to /dev/urandom"];

    /// <summary>Creates a special file of <paramref name="kind"/> (one of <see cref="Kinds"/>) at <paramref name="path"/>.</summary>
    public static void Create(string path, string kind)
    {
        switch (kind)
        {
            case "named pipe":
                using (var mkfifo = Process.Start("mkfifo", [path]))
                {
                    mkfifo.WaitForExit();
                    if (mkfifo.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"mkfifo {path} failed ({mkfifo.ExitCode}).");
                    }
                }

                break;
            case "link to /dev/zero":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "link to /dev/urandom":
                File.CreateSymbolicLink(path, "/dev/urandom");
                break;
            default:
                throw new ArgumentException($"Unknown kind '{kind}'.", nameof(kind));
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> on its own thread and returns the exception it threw, or null;
    /// fails when it has not returned within 60 s (a reader waiting on a pipe never returns on its own),
    /// after letting a reader waiting on <paramref name="path"/> go so no thread is left behind.
    /// </summary>
    public static Exception? ErrorOf(Action read, string path)
    {
        // Its own thread: on a loaded machine a starved thread pool must not look like a waiting reader.
        var task = Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A bound, not a speed.
        bool returned;
        try
        {
            returned = task.Wait(TimeSpan.FromSeconds(60));
        }
        catch (AggregateException)
        {
            returned = true;
        }

        if (!returned)
        {
            // Opened for reading and writing, which never waits on Linux (write-only would wait for a reader).
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            {
            }

            throw new TimeoutException($"The reader of '{path}' did not return within 60 s (it waited on the special file).");
        }

        return task.Exception?.InnerException;
    }
}
