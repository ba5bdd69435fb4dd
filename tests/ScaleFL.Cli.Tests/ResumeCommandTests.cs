using ScaleFL.Core.Checkpoints;

namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ResumeCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-resume-cli-").FullName;

    private string Folder => Path.Combine(directory, "resume", "sbt");

    [Theory]
    [InlineData("inline")]
    [InlineData("actors")]
    public void Resume_after_a_truncated_latest_checkpoint_uses_the_previous_one_and_ends_with_the_same_weights(string engine)
    {
        var first = Simulate(engine);
        Assert.True(first.Exit == 0, first.Error);
        var uninterrupted = CheckpointFile.Load(Path.Combine(Folder, "final.ckpt"));
        var latest = Path.Combine(Folder, "checkpoint.ckpt");
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length / 3)]);

        var resumed = Simulate(engine, "--resume");

        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains("corrupt or truncated", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("checkpoint.prev.ckpt", resumed.Error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(Folder, "metrics.csv")).Skip(1).Select(row => row.Split(',')[0]);
        Assert.Equal(["1", "2", "3"], rows);
        var final = CheckpointFile.Load(Path.Combine(Folder, "final.ckpt"));
        Assert.All(uninterrupted.Weights, array => Assert.Equal(array.Values, final.Weights[array.Name].Values));
    }

    [Fact]
    public void Resume_from_a_checkpoint_of_another_method_exits_with_2_and_one_line()
    {
        Assert.Equal(0, Simulate("inline").Exit);
        File.Copy(Path.Combine(Folder, "checkpoint.ckpt"), Path.Combine(directory, "resume", "fedavg-all", "checkpoint.ckpt"), overwrite: true);

        var (exit, _, error) = CliRun.Invoke(
            "simulate", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "3", "--max-train", "200",
            "--eval-samples", "50", "--method", "fedavg-all", "--name", "resume", "--out", directory, "--engine", "inline", "--resume", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: resume:", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private (int Exit, string Output, string Error) Simulate(string engine, params string[] extra)
    {
        Directory.CreateDirectory(Path.Combine(directory, "resume", "fedavg-all"));
        return CliRun.Invoke(
        [
            "simulate", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "3", "--max-train", "200",
            "--eval-samples", "50", "--method", "sbt", "--name", "resume", "--out", directory, "--engine", engine, "--quiet", .. extra,
        ]);
    }
}
