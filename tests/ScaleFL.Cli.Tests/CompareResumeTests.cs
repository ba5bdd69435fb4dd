using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// A stopped <c>compare</c> keeps what it did and <c>--resume</c> continues it: each method keeps
/// its run folder and checkpoint as <c>simulate</c> does, and the table counts every round.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CompareResumeTests(FinishedRuns finished) : IClassFixture<FinishedRuns>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-compare-resume-").FullName;

    [Fact]
    public void A_comparison_stopped_after_two_rounds_and_resumed_to_four_gives_the_table_of_an_uninterrupted_one()
    {
        Assert.Equal(0, Compare("whole", 4).Exit);
        Assert.Equal(0, Finished("stopped", "sbt,fedavg-all").Exit);
        var stopped = Path.Combine(directory, "stopped");
        Assert.Equal(["1", "2"], MetricsRows(stopped, "fedavg-all").Select(row => row[0]));

        var (exit, output, error) = Compare("stopped", 4, "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains("sbt: resuming after round 2", output, StringComparison.Ordinal);
        // The same rounds, participants included, and the same table (but for the measured times).
        foreach (var method in new[] { "sbt", "fedavg-all" })
        {
            Assert.Equal(Untimed(MetricsRows(Path.Combine(directory, "whole"), method)), Untimed(MetricsRows(stopped, method)));
        }

        Assert.Equal(Table(Path.Combine(directory, "whole")), Table(stopped));
        Assert.All(MetricsRows(stopped, "sbt"), row => Assert.NotEqual(string.Empty, row[^1]));
    }

    [Fact]
    public void Resume_of_a_finished_comparison_reads_every_method_back_without_training()
    {
        Assert.Equal(0, Finished("done", "sbt,fedavg-all").Exit);
        var table = Table(Path.Combine(directory, "done"));
        var metrics = File.ReadAllText(Path.Combine(directory, "done", "sbt", "metrics.csv"));

        var (exit, output, error) = Compare("done", 2, "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains("sbt: the run in", output, StringComparison.Ordinal);
        Assert.Contains("fedavg-all: the run in", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("already complete (2 rounds); nothing changed").Length - 1);
        Assert.Equal(table, Table(Path.Combine(directory, "done")));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(directory, "done", "sbt", "metrics.csv")));
    }

    [Fact]
    public void Resume_of_a_comparison_with_fewer_methods_is_refused_and_keeps_the_table()
    {
        Assert.Equal(0, Finished("two", "sbt,fedavg-all").Exit);
        var before = Snapshot(Path.Combine(directory, "two"));

        var (exit, _, error) = CompareSbt("two", 2, "--resume");

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: resume: {Path.Combine(directory, "two")} holds the run of fedavg-all, which --methods leaves out;", error.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Path.Combine(directory, "two")));
    }

    [Fact]
    public void Resume_of_a_finished_comparison_without_a_methods_checkpoint_changes_nothing()
    {
        Assert.Equal(0, Finished("lost-checkpoint", "sbt").Exit);
        var sbt = Path.Combine(directory, "lost-checkpoint", "sbt");
        File.Delete(Path.Combine(sbt, "checkpoint.ckpt"));
        var before = Snapshot(sbt);

        var (exit, output, error) = CompareSbt("lost-checkpoint", 2, "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains($"sbt: the run in {sbt} is already complete (2 rounds); nothing changed.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("resuming", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(sbt));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("header only")]
    [InlineData("no participants column")]
    public void A_finished_method_whose_rounds_cannot_be_recounted_stops_the_resume_in_one_line_and_leaves_the_table(string damage)
    {
        Assert.Equal(0, Finished("hurt", "sbt,fedavg-all").Exit);
        var run = Path.Combine(directory, "hurt");
        var table = File.ReadAllText(Path.Combine(run, "compare.md"));
        var metrics = Path.Combine(run, "sbt", "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        File.WriteAllLines(metrics, damage switch
        {
            "garbage" => ["garbage"],
            "header only" => [lines[0]],
            _ => lines.Select(line => line[..line.LastIndexOf(',')]),
        });

        var (exit, _, error) = Compare("hurt", 2, "--resume");

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("metrics.csv", error, StringComparison.Ordinal);
        Assert.Equal(table, File.ReadAllText(Path.Combine(run, "compare.md")));
    }

    [Theory]
    [InlineData("hsic.csv", 4, "missing, but the run recorded the nHSIC plane through round 2")]
    [InlineData("hsic.csv", 2, "missing, but the run recorded the nHSIC plane through round 2")]
    [InlineData("summary.json", 2, "missing, so the finished run's final figures cannot be read back")]
    public void Resume_refuses_a_missing_hsic_csv_of_a_started_or_finished_method_or_summary_of_a_finished_one(string file, int resumedRounds, string says)
    {
        var name = $"lost-{file}-{resumedRounds}";
        Assert.Equal(0, Finished(name, "sbt").Exit);
        var run = Path.Combine(directory, name);
        File.Delete(Path.Combine(run, "sbt", file));
        var before = Snapshot(run);

        // 4 rounds: sbt has started and goes on; 2 rounds: sbt has finished and is read back.
        var (exit, output, error) = CompareSbt(name, resumedRounds, "--resume");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"{Path.Combine("sbt", file)}: {says}", line, StringComparison.Ordinal);
        Assert.Contains("run it again under another --name", line, StringComparison.Ordinal);
        Assert.DoesNotContain("already complete", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void Resume_of_a_run_that_recorded_the_nhsic_plane_refuses_to_stop_recording_it()
    {
        Assert.Equal(0, Finished("plane", "sbt").Exit);
        var run = Path.Combine(directory, "plane");
        var before = Snapshot(run);

        var (exit, _, error) = CompareSbt("plane", 4, "--resume", "--hsic-plane", "false");

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("recordHsicPlane: True -> False", error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void Resume_with_an_edited_fault_plan_under_the_same_path_is_refused()
    {
        var plan = Path.Combine(directory, "plan.json");
        const string Original = """{"faults":[{"kind":"duplicate","client":0,"round":1}]}""";
        File.WriteAllText(plan, Original);
        var first = PlannedCompare(plan);
        Assert.True(first.Exit == 0, first.Error);
        var metrics = File.ReadAllText(Path.Combine(directory, "planned", "sbt", "metrics.csv"));

        File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":1,"round":1}]}""");
        var (exit, _, error) = PlannedCompare(plan, "--resume");

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("scalefl: resume:", error, StringComparison.Ordinal);
        Assert.Contains("faultsFile: plan ", error, StringComparison.Ordinal);
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(directory, "planned", "sbt", "metrics.csv")));
    }

    [Fact]
    public void Resume_with_the_same_fault_plan_at_another_path_is_accepted()
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":0,"round":1}]}""");
        var first = PlannedCompare(plan);
        Assert.True(first.Exit == 0, first.Error);
        var moved = Path.Combine(directory, "elsewhere", "renamed.json");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(plan, moved);

        var (exit, output, error) = PlannedCompare(moved, "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains("sbt: the run in", output, StringComparison.Ordinal);
    }

    private (int Exit, string Output, string Error) PlannedCompare(string plan, params string[] extra) => CliRun.Invoke([
        "compare", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "1", "--max-train", "200", "--eval-samples", "50",
        "--engine", "actors", "--methods", "sbt", "--hsic-plane", "false", "--faults", plan, "--out", directory, "--name", "planned", .. extra]);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private (int Exit, string Output, string Error) Compare(string name, int rounds, params string[] extra) =>
        CliRun.Invoke(CompareArgs(directory, name, rounds, "sbt,fedavg-all", extra));

    /// <summary>The 2-round run of <see cref="Compare"/> (or <see cref="CompareSbt"/> for "sbt") named <paramref name="name"/>: trained once for the class, copied into this test's folder.</summary>
    private (int Exit, string Output, string Error) Finished(string name, string methods) =>
        finished.CopyInto(directory, name, (output, run) => CompareArgs(output, run, 2, methods, []));

    // Every file of the run folder with its bytes, but for the lock the resume holds while it checks.
    private static SortedDictionary<string, string> Snapshot(string run) => new(
        Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetFileName(file).StartsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetRelativePath(run, file), file => Convert.ToBase64String(File.ReadAllBytes(file))),
        StringComparer.Ordinal);

    // One method, recording the nHSIC plane (compare's default), for the cases about one method's files.
    private (int Exit, string Output, string Error) CompareSbt(string name, int rounds, params string[] extra) =>
        CliRun.Invoke(CompareArgs(directory, name, rounds, "sbt", extra));

    private static string[] CompareArgs(string output, string name, int rounds, string methods, string[] extra) =>
    [
        "compare", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", rounds.ToString(CultureInfo.InvariantCulture),
        "--max-train", "200", "--eval-samples", "50", "--engine", "inline", "--schedule", "cyclic", "--methods", methods,
        "--target-accuracy", "0.05", "--out", output, "--name", name, .. extra,
    ];

    private static List<string[]> MetricsRows(string run, string method) =>
        [.. File.ReadAllLines(Path.Combine(run, method, "metrics.csv")).Skip(1).Select(row => row.Split(','))];

    // train_seconds and seconds are measured, so they differ between two runs of the same rounds.
    private static List<string> Untimed(List<string[]> rows) =>
        [.. rows.Select(row => string.Join(",", row.Where((_, index) => index is not 12 and not 14)))];

    // compare.csv without its measured wall seconds.
    private static List<string> Table(string run)
    {
        var lines = File.ReadAllLines(Path.Combine(run, "compare.csv"));
        var wall = Array.IndexOf(lines[0].Split(','), "wall_seconds");
        Assert.True(wall >= 0, lines[0]);
        return [.. lines.Select(line => string.Join(",", line.Split(',').Where((_, index) => index != wall)))];
    }
}
