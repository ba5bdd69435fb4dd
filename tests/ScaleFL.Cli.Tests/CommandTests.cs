namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cli-").FullName;

    [Theory]
    [InlineData("simulate", "--per-round")]
    [InlineData("memory", "--measure")]
    public void Every_command_explains_its_flags_with_help(string command, string flag)
    {
        var (exit, output, _) = CliRun.Invoke(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(flag, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_prints_a_row_per_stage_and_the_full_model()
    {
        var (exit, output, _) = CliRun.Invoke("memory", "--model", "small-resnet", "--batch-size", "8");

        Assert.Equal(0, exit);
        foreach (var row in new[] { "block 1", "block 2", "block 3", "block 4", "full model" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Simulate_writes_a_run_folder_per_method_and_prints_the_table()
    {
        var (exit, output, error) = CliRun.Invoke(
            "simulate", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "2",
            "--max-train", "200", "--eval-samples", "100", "--method", "sbt,fedavg-all", "--out", directory, "--quiet");

        Assert.True(exit == 0, error);
        Assert.Contains("fedavg-all", output, StringComparison.Ordinal);
        foreach (var method in new[] { "sbt", "fedavg-all" })
        {
            var folder = Path.Combine(directory, "sbt+fedavg-all-synthetic-seed42", method);
            Assert.True(File.Exists(Path.Combine(folder, "metrics.csv")));
            Assert.True(File.Exists(Path.Combine(folder, "summary.json")));
            Assert.True(File.Exists(Path.Combine(folder, "final.ckpt")));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
