using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// SIGTERM (or Ctrl-C) of a <c>compare</c> stops it as it stops <c>simulate</c>: one line, exit 130,
/// the running method's checkpoint and metrics.csv kept, no table, and <c>--resume</c> finishes it.
/// </summary>
public sealed class CompareInterruptionProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-compare-stop-").FullName;
    private readonly CliProcesses processes = new();

    private string Run => Path.Combine(directory, "stopped");

    [Fact]
    public async Task Sigterm_of_a_comparison_mid_run_exits_130_in_one_line_and_resume_finishes_it()
    {
        var compare = processes.Start(Compare(40));
        await processes.WaitForLine(compare, line => line.Contains("sbt", StringComparison.Ordinal) && line.Contains("round 2/40", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(120));

        var clock = Stopwatch.StartNew();
        processes.Signal("TERM", compare);
        var exit = await CliProcesses.ExitCode(compare, TimeSpan.FromSeconds(20));
        output.WriteLine($"exit {exit} {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");

        Assert.True(exit == 130, processes.AllLogs);
        Assert.True(processes.Lines(compare).Where(line => line.StartsWith("ERR ", StringComparison.Ordinal)).ToList() is ["ERR scalefl: cancelled."], processes.AllLogs);
        Assert.DoesNotContain(processes.Lines(compare), line => line.Contains("Finished", StringComparison.OrdinalIgnoreCase) || line.Contains("Wrote", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Run, "sbt", "checkpoint.ckpt")), processes.AllLogs);
        Assert.False(File.Exists(Path.Combine(Run, "sbt", "final.ckpt")), processes.AllLogs);
        var done = CliProcesses.MetricsRows(Path.Combine(Run, "sbt")).Count;
        Assert.True(done >= 2, processes.AllLogs);

        // One round more than the stopped run did, so the resumed comparison is short.
        var resumed = processes.Start([.. Compare(done + 1), "--resume"]);

        clock.Restart();
        Assert.True(await CliProcesses.ExitCode(resumed, TimeSpan.FromSeconds(90)) == 0, processes.AllLogs);
        output.WriteLine($"resumed in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains(processes.Lines(resumed), line => line.Contains($"sbt: resuming after round {done}", StringComparison.Ordinal));
        Assert.Equal(done + 1, CliProcesses.MetricsRows(Path.Combine(Run, "sbt")).Count);
        Assert.True(File.Exists(Path.Combine(Run, "compare.md")), processes.AllLogs);
    }

    // One method: what stops a comparison is the same for every method, and each one more costs seconds.
    private string[] Compare(int rounds) =>
        ["compare", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", rounds.ToString(CultureInfo.InvariantCulture),
         "--max-train", "300", "--eval-samples", "50", "--schedule", "cyclic", "--methods", "sbt", "--hsic-plane", "false",
         "--target-accuracy", "0.05", "--out", directory, "--name", "stopped"];

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
