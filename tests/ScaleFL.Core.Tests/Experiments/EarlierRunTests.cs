using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class EarlierRunTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("scalefl-earlier-").FullName;

    [Theory]
    [InlineData("summary.json")]
    [InlineData("final.ckpt")]
    public void A_folder_holding_a_finished_run_is_refused_naming_it_and_what_it_holds(string file)
    {
        File.WriteAllText(Path.Combine(folder, file), "x");
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.StartsWith($"out: {folder} holds a finished run ({file}); nothing changed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("another --name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_faults_csv_holding_only_its_header_is_no_record_so_a_run_stopped_in_round_1_starts_again()
    {
        // What a run with a fault plan writes before its first round.
        RunFolder.StartFaults(folder, planned: true);

        EarlierRun.RefuseOverwrite(folder);
        Assert.Null(EarlierRun.RecordOf(folder));
    }

    [Fact]
    public void A_faults_csv_with_a_row_is_a_record()
    {
        RunFolder.StartFaults(folder, planned: true);
        File.AppendAllText(Path.Combine(folder, "faults.csv"), string.Concat(Enumerable.Repeat("1,0,crash,x\n", 40)));

        Assert.Equal("faults.csv", EarlierRun.RecordOf(folder));
    }

    [Fact]
    public void Metrics_without_a_checkpoint_are_refused_without_pointing_at_resume_which_has_nothing_to_continue()
    {
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.Equal($"out: {folder} holds the metrics.csv of a run but no checkpoint to continue it from; nothing changed: start this run under another --name, or delete the folder to start it again.", error.Message);
    }

    [Theory]
    [InlineData("faults.csv")]
    [InlineData("hsic.csv")]
    public void A_record_of_rounds_without_a_checkpoint_is_refused_as_metrics_are(string file)
    {
        File.WriteAllText(Path.Combine(folder, file), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.Equal($"out: {folder} holds the {file} of a run but no checkpoint to continue it from; nothing changed: start this run under another --name, or delete the folder to start it again.", error.Message);
    }

    [Fact]
    public void Resuming_a_comparison_without_a_method_it_ran_is_refused_naming_the_method()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "fedavg-all")).FullName, "checkpoint.ckpt"), "x");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "sbt")).FullName, "metrics.csv"), "x");
        Directory.CreateDirectory(Path.Combine(folder, "depthfl"));
        // A user's copy of a run is not a method of the comparison.
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "old-sbt")).FullName, "metrics.csv"), "x");
        Func<string, bool> isMethod = name => name is "sbt" or "scalefl" or "fedavg-all" or "depthfl";

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseLeavingOut(folder, ["sbt", "scalefl"], isMethod, "--methods"));

        Assert.Equal($"resume: {folder} holds the run of fedavg-all, which --methods leaves out; nothing changed: its row would leave the table. Keep it in --methods, or start this comparison under another --name.", error.Message);
        EarlierRun.RefuseLeavingOut(folder, ["sbt", "fedavg-all"], isMethod, "--methods");
    }

    [Fact]
    public void Resuming_a_sweep_without_a_point_it_ran_is_refused_naming_the_point()
    {
        // A sweep keeps each point's run one folder down: point-N/<method>/.
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "point-2", "scalefl")).FullName, "metrics.csv"), "x");
        Directory.CreateDirectory(Path.Combine(folder, "point-1", "scalefl"));
        Func<string, bool> isPoint = name => name.StartsWith("point-", StringComparison.Ordinal);

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseLeavingOut(folder, ["point-1"], isPoint, "--grid"));

        Assert.StartsWith($"resume: {folder} holds the run of point-2, which --grid leaves out;", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compare.md")]
    [InlineData("sweep.csv")]
    public void A_folder_holding_a_comparison_or_sweep_table_is_refused(string file)
    {
        File.WriteAllText(Path.Combine(folder, file), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.StartsWith($"out: {folder} holds an earlier comparison or sweep ({file}); nothing changed:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkpoint.ckpt")]
    [InlineData("checkpoint.prev.ckpt")]
    public void A_folder_holding_a_stopped_run_is_refused_pointing_at_resume(string file)
    {
        File.WriteAllText(Path.Combine(folder, file), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.StartsWith($"out: {folder} holds a stopped run ({file}); nothing changed: continue it with --resume,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_a_missing_one_and_a_lock_with_temporaries_are_not_a_run()
    {
        File.WriteAllText(Path.Combine(folder, ".lock"), "123");
        File.WriteAllText(Path.Combine(folder, "metrics.csv.tmp-1"), "x");

        EarlierRun.RefuseOverwrite(folder);
        EarlierRun.RefuseOverwrite(Path.Combine(folder, "none"));
    }

    [Fact]
    public void Nothing_in_the_folder_changes_when_it_is_refused()
    {
        File.WriteAllText(Path.Combine(folder, "summary.json"), "{}");
        var before = Directory.GetFiles(folder).ToDictionary(path => path, File.ReadAllText);

        Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.Equal(before, Directory.GetFiles(folder).ToDictionary(path => path, File.ReadAllText));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
