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
    public void Metrics_without_a_checkpoint_are_refused_without_pointing_at_resume_which_has_nothing_to_continue()
    {
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "x");

        var error = Assert.Throws<ExperimentException>(() => EarlierRun.RefuseOverwrite(folder));

        Assert.Equal($"out: {folder} holds the metrics.csv of a run but no checkpoint to continue it from; nothing changed: start this run under another --name, or delete the folder to start it again.", error.Message);
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
