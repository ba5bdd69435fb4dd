namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class FaultCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-faults-").FullName;

    [Fact]
    public void Simulate_with_the_example_fault_plan_writes_the_faults_it_injected()
    {
        var plan = Path.Combine(RepoRoot(), "docs", "faults-example.json");

        var (exit, _, error) = CliRun.Invoke(
            "simulate", "--dataset", "synthetic", "--clients", "10", "--per-round", "10", "--rounds", "8", "--budgets", "relative:1.1-1.5",
            "--max-train", "200", "--eval-samples", "50", "--batch-size", "16", "--method", "sbt", "--faults", plan, "--out", directory, "--quiet");

        Assert.True(exit == 0, error);
        var folder = Path.Combine(directory, "sbt-synthetic-seed42", "sbt");
        Assert.Equal(9, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);
        var kinds = File.ReadAllLines(Path.Combine(folder, "faults.csv")).Skip(1).Select(row => row.Split(',')[2]).Distinct().Order();
        Assert.Equal(["crash", "delay", "drop", "duplicate", "partition", "shrink-budget", "straggler"], kinds);
        Assert.Contains("\"faults\"", File.ReadAllText(Path.Combine(folder, "summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_with_a_fault_for_a_client_that_does_not_exist_exits_2_naming_the_field()
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"crash","client":12,"round":1}]}""");

        var (exit, _, error) = CliRun.Invoke(
            "simulate", "--dataset", "synthetic", "--clients", "4", "--rounds", "1", "--max-train", "100", "--faults", plan, "--out", directory, "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: Fault plan '{plan}' faults[0].client is 12; allowed: 0 to 3 (the run has 4 clients).", error.Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Server_with_a_fault_for_a_client_it_does_not_plan_exits_2_naming_the_field_before_it_listens(bool inExperimentFile)
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"drop","client":1,"round":1,"fraction":0.5},{"kind":"crash","client":4,"round":1}]}""");
        var experiment = Path.Combine(directory, "experiment.json");
        File.WriteAllText(experiment, $$"""{ "dataset": "synthetic", "clients": 4, "faultsFile": "{{plan}}" }""");
        string[] source = inExperimentFile ? ["--experiment", experiment] : ["--dataset", "synthetic", "--clients", "4", "--faults", plan];

        var (exit, _, error) = CliRun.Invoke(["server", .. source, "--rounds", "1", "--max-train", "100", "--out", directory, "--quiet"]);

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: Fault plan '{plan}' faults[1].client is 4; allowed: 0 to 3 (the run has 4 clients).", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(directory, "scalefl-synthetic-seed42")));
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("server")]
    public void A_null_fault_entry_is_one_line_and_exit_2(string command)
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[null]}""");

        var (exit, _, error) = CliRun.Invoke(
            command, "--dataset", "synthetic", "--clients", "4", "--rounds", "1", "--max-train", "100", "--faults", plan, "--out", directory, "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: Fault plan '{plan}' faults[0] is null; allowed: an object such as {{\"kind\": \"crash\", \"client\": 0, \"round\": 1}}.", error.Trim());
    }

    [Theory]
    [InlineData("server", "/dev/zero", "is not a regular file (a device or pipe); allowed: a file.")]
    [InlineData("server", "/dev/urandom", "is not a regular file (a device or pipe); allowed: a file.")]
    [InlineData("server", "", "is a directory; allowed: a file.")]
    [InlineData("simulate", "/dev/zero", "is not a regular file (a device or pipe); allowed: a file.")]
    [InlineData("simulate", "", "is a directory; allowed: a file.")]
    public void A_fault_plan_that_is_no_regular_file_is_one_line_and_exit_2(string command, string given, string expected)
    {
        var plan = given.Length > 0 ? given : directory;

        var (exit, _, error) = CliRun.Invoke(
            command, "--dataset", "synthetic", "--clients", "4", "--rounds", "1", "--max-train", "100", "--faults", plan, "--out", directory, "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: Fault plan '{plan}' {expected}", error.Trim());
    }

    [Fact]
    public void Resumed_simulation_keeps_the_faults_of_the_rounds_before_its_checkpoint()
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":0,"round":1},{"kind":"delay","client":1,"round":1,"seconds":0.01}]}""");
        string[] flags = ["--per-round", "4", "--faults", plan];
        var first = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", flags));
        Assert.True(first.ExitCode == 0, first.Error);
        var folder = Path.Combine(directory, "resume", "sbt");
        var faults = Path.Combine(folder, "faults.csv");
        var before = File.ReadAllLines(faults);
        // A truncated last checkpoint: the run resumes after round 2, as after a stop in round 3.
        var latest = Path.Combine(folder, "checkpoint.ckpt");
        File.WriteAllBytes(latest, File.ReadAllBytes(latest)[..100]);

        var resumed = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", [.. flags, "--resume"]));

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var after = File.ReadAllLines(faults);
        Assert.Equal(["1", "2", "3"], after.Skip(1).Select(row => row.Split(',')[0]).Distinct());
        Assert.Equal(before.Where(row => !row.StartsWith("3,", StringComparison.Ordinal)), after.Where(row => !row.StartsWith("3,", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_resumed_run_with_a_crash_plan_records_what_the_uninterrupted_run_recorded()
    {
        var plan = Path.Combine(directory, "crash.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"crash","client":1,"round":2}]}""");
        string[] flags = ["--per-round", "4", "--rounds", "4", "--method", "scalefl", "--budgets", "uniform:4096-4096", "--faults", plan];
        var whole = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", flags));
        Assert.True(whole.ExitCode == 0, whole.Error);
        var folder = Path.Combine(directory, "resume", "scalefl");
        var faults = File.ReadAllText(Path.Combine(folder, "faults.csv"));
        var metrics = Deterministic(Path.Combine(folder, "metrics.csv"));
        Assert.Single(File.ReadAllLines(Path.Combine(folder, "faults.csv")), row => row.StartsWith("2,1,crash,", StringComparison.Ordinal));
        // Stopped after round 3, past the crash: the run resumes from the previous checkpoint and trains round 4 again.
        StopAfterPreviousRound(folder);

        var resumed = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", [.. flags, "--resume"]));

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(faults, File.ReadAllText(Path.Combine(folder, "faults.csv")));
        Assert.Equal(metrics, Deterministic(Path.Combine(folder, "metrics.csv")));
    }

    [Fact]
    public void Resume_of_a_run_with_a_fault_plan_whose_faults_csv_is_missing_is_refused_and_changes_nothing()
    {
        var plan = Path.Combine(directory, "plan.json");
        File.WriteAllText(plan, """{"faults":[{"kind":"duplicate","client":0,"round":1}]}""");
        string[] flags = ["--per-round", "4", "--faults", plan];
        Assert.Equal(0, CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", flags)).ExitCode);
        var folder = Path.Combine(directory, "resume", "sbt");
        StopAfterPreviousRound(folder);
        File.Delete(Path.Combine(folder, "faults.csv"));
        var before = Snapshot(folder);

        var (exit, _, error) = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", [.. flags, "--resume"]));

        Assert.Equal(2, exit);
        Assert.Equal(
            $"scalefl: {Path.Combine(folder, "faults.csv")}: missing, so the faults of rounds 1..2 of this run with a fault plan cannot be counted; restore it, or run it again under another --name.",
            error.Trim());
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public void A_run_with_a_fault_plan_records_faults_csv_even_when_no_fault_fired_and_resumes_from_it()
    {
        var plan = Path.Combine(directory, "plan.json");
        // A drop this rare loses nothing in three rounds: the plan is there, no fault fires.
        File.WriteAllText(plan, """{"faults":[{"kind":"drop","client":0,"round":1,"fraction":1e-9}]}""");
        string[] flags = ["--per-round", "4", "--faults", plan];
        Assert.Equal(0, CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", flags)).ExitCode);
        var folder = Path.Combine(directory, "resume", "sbt");
        Assert.Equal(["round,client,kind,detail"], File.ReadAllLines(Path.Combine(folder, "faults.csv")));
        StopAfterPreviousRound(folder);

        var resumed = CliRun.Invoke(ResumeCommandTests.SimulateArgs(directory, "actors", [.. flags, "--resume"]));

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(["round,client,kind,detail"], File.ReadAllLines(Path.Combine(folder, "faults.csv")));
    }

    [Fact]
    public void Short_soak_accounts_for_every_round_and_records_memory_and_faults()
    {
        // 12 rounds cannot judge memory drift (the 300-round soak does); the bound is lifted here.
        var (exit, output, error) = CliRun.Invoke("soak", "--rounds", "12", "--warmup", "4", "--max-growth", "10", "--out", directory);

        Assert.True(exit == 0, error + output);
        Assert.Contains("every round accounted for", output, StringComparison.Ordinal);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(directory, "soak", "scalefl", "metrics.csv")).Length);
        Assert.Equal(14, File.ReadAllLines(Path.Combine(directory, "soak", "rss.csv")).Length);
        Assert.True(File.Exists(Path.Combine(directory, "soak", "scalefl", "faults.csv")));
    }

    [Fact]
    public void A_soak_into_a_folder_holding_an_earlier_soak_is_refused_and_changes_nothing()
    {
        var earlier = Directory.CreateDirectory(Path.Combine(directory, "soak", "scalefl")).FullName;
        File.WriteAllText(Path.Combine(earlier, "metrics.csv"), "earlier soak\n");

        var (exit, _, error) = CliRun.Invoke("soak", "--rounds", "12", "--warmup", "4", "--out", directory);

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: out: {Path.Combine(directory, "soak")} holds an earlier soak run; nothing changed: give another --out, or delete the folder.", error.Trim());
        Assert.Equal("earlier soak\n", File.ReadAllText(Path.Combine(earlier, "metrics.csv")));
        Assert.False(File.Exists(Path.Combine(directory, "soak", "fault-plan.json")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A finished run's folder as a run stopped after its last-but-one round leaves it (its latest checkpoint cut short).</summary>
    private static void StopAfterPreviousRound(string folder)
    {
        File.Delete(Path.Combine(folder, "summary.json"));
        File.Delete(Path.Combine(folder, "final.ckpt"));
        var latest = Path.Combine(folder, "checkpoint.ckpt");
        File.WriteAllBytes(latest, File.ReadAllBytes(latest)[..100]);
    }

    /// <summary>
    /// The rows of metrics.csv without the measured wall-clock columns (train_seconds, seconds), which differ between
    /// any two runs, and bytes_down: a resumed run's devices start again without their cached blocks, with or without
    /// faults, so a little more is sent down (README, resume).
    /// </summary>
    private static string[] Deterministic(string metrics) =>
        [.. File.ReadAllLines(metrics).Select(row => string.Join(',', row.Split(',').Where((_, column) => column is not 10 and not 12 and not 14)))];

    private static Dictionary<string, string> Snapshot(string folder) => Directory.GetFiles(folder).ToDictionary(
        file => Path.GetFileName(file)!, file => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ScaleFL.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("ScaleFL.sln not found above the test folder.");
    }
}
