namespace ScaleFL.Cli.Tests;

/// <summary>
/// Finished runs for the tests that start from one: each command is run once per test class and
/// its run folder copied into every test that asks for it, which then damages, resumes or reads
/// its own copy. A copy is the folder the command would write there: the output folder and the run
/// name are not part of the experiment (<c>ExperimentFingerprint.SafeFields</c>), and no file
/// records either.
/// </summary>
public sealed class FinishedRuns : IDisposable
{
    private const string Name = "finished";

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-finished-runs-").FullName;
    private readonly Dictionary<string, (string Folder, (int Exit, string Output, string Error) Result)> runs = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Copies the run folder <paramref name="command"/> writes (given an output folder and a run name)
    /// into <paramref name="output"/> as <paramref name="name"/>, running the command the first time
    /// it is asked for; returns what that run returned.
    /// </summary>
    public (int Exit, string Output, string Error) CopyInto(string output, string name, Func<string, string, string[]> command)
    {
        var key = string.Join('\n', command("OUT", "NAME"));
        (string Folder, (int Exit, string Output, string Error) Result) run;
        lock (gate)
        {
            if (!runs.TryGetValue(key, out run))
            {
                var own = Path.Combine(directory, runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                run = (Path.Combine(own, Name), CliRun.Invoke(command(own, Name)));
                runs[key] = run;
            }
        }

        if (Directory.Exists(run.Folder))
        {
            CopyFolder(run.Folder, Path.Combine(output, name));
        }

        return run.Result;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
