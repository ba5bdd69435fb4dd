namespace ScaleFL.Cli.Tests;

/// <summary>
/// One process writes a run folder at a time: a second <c>--resume</c> of a folder in use is
/// refused, and the lock dies with its process, even one killed with SIGKILL.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunLockProcessTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-run-lock-").FullName;

    [Fact]
    public async Task A_second_resume_of_a_folder_in_use_is_refused_and_the_lock_dies_with_a_killed_process()
    {
        string[] compare =
        [
            "compare", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "400", "--max-train", "200", "--eval-samples", "50",
            "--engine", "inline", "--schedule", "cyclic", "--methods", "sbt", "--hsic-plane", "false", "--out", directory, "--name", "busy", "--quiet",
        ];
        using var processes = new CliProcesses();
        var first = processes.Start(compare);
        // A round's metrics row is written after its checkpoint: with it, both are there.
        Assert.True(await CliProcesses.Until(() => CliProcesses.MetricsRows(Path.Combine(directory, "busy", "sbt")).Count > 0, TimeSpan.FromSeconds(90)), processes.AllLogs);
        var metrics = File.ReadAllText(Path.Combine(directory, "busy", "sbt", "metrics.csv"));

        var (exit, output, error) = CliRun.Invoke([.. compare, "--resume"]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"scalefl: run folder '{Path.Combine(directory, "busy")}' is in use by process {first.Id} (another run of it, or a --resume started twice); wait for that process to end, or give another --name.",
            error.Trim());

        first.Kill();
        Assert.True(await CliProcesses.ExitCode(first, TimeSpan.FromSeconds(30)) != -1, processes.AllLogs);
        // The folder is free again: this resume gets past the lock to the checkpoint, which it refuses for another seed.
        var (after, _, afterError) = CliRun.Invoke([.. compare, "--resume", "--seed", "43"]);

        Assert.Equal(2, after);
        Assert.StartsWith("scalefl: resume:", afterError, StringComparison.Ordinal);
        Assert.Contains("seed: 42 -> 43", afterError, StringComparison.Ordinal);
        Assert.StartsWith(metrics, File.ReadAllText(Path.Combine(directory, "busy", "sbt", "metrics.csv")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
