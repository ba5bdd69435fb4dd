using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// The locks of a run's folders (<see cref="RunFolder.Prepare"/>), held for the whole run. Released at
/// its end; then a folder the run made and left with nothing but its lock (the run was refused, or
/// stopped before its first file) is removed, so a refused command leaves the output tree as it was.
/// </summary>
internal sealed class PreparedFolders(IDisposable locks, IReadOnlyCollection<string> made) : IDisposable
{
    private static readonly string[] LockFiles = [RunLock.FileName, RunLock.OwnerFileName];

    public void Dispose()
    {
        // Innermost first (a folder's path is longer than its parent's): a method folder goes before the compare's folder it is in.
        var empty = new List<string>();
        foreach (var folder in made.OrderByDescending(path => path.Length).Where(Directory.Exists))
        {
            if (Directory.EnumerateFileSystemEntries(folder).All(entry => LockFiles.Contains(Path.GetFileName(entry)) || empty.Contains(entry)))
            {
                empty.Add(folder);
            }
        }

        foreach (var folder in empty)
        {
            // Deleted while still held, so no other process takes the lock between the release and the delete.
            Try(() => Array.ForEach(LockFiles, name => File.Delete(Path.Combine(folder, name))));
        }

        locks.Dispose();
        foreach (var folder in empty)
        {
            Try(() => Directory.Delete(folder));
        }
    }

    private static void Try(Action remove)
    {
        try
        {
            remove();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Another process wrote there meanwhile, or the folder cannot be removed: an empty folder is harmless.
        }
    }
}
