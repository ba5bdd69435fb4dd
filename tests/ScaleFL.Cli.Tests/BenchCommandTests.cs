namespace ScaleFL.Cli.Tests;

/// <summary>
/// The bench prints figures and never fails on timing, so no figure is asserted; what is checked
/// is that every section runs to its end. <c>--smoke</c> runs the quick mode's sections with tiny
/// sizes (a second process for the transfer, a child per memory row, PyTorch where installed).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandTests : IDisposable
{
    private readonly string markdown = Path.Combine(Directory.CreateTempSubdirectory("scalefl-bench-").FullName, "bench.md");

    [Fact]
    public void Bench_smoke_runs_every_section_and_writes_the_figures_as_markdown()
    {
        var (exit, output, error) = CliRun.Invoke("bench", "--smoke", "--markdown", markdown);

        Assert.True(exit == 0, error);
        foreach (var section in new[] { "Runtime overhead", "Weight codec", "Transfer between two processes", "Peer: step time against PyTorch", "Memory per stage", "Scale" })
        {
            Assert.Contains($"== {section}", output, StringComparison.Ordinal);
            Assert.Contains($"### {section}", File.ReadAllText(markdown), StringComparison.Ordinal);
        }

        Assert.Contains("overhead ratio", output, StringComparison.Ordinal);
        Assert.Contains("heartbeat warnings", output, StringComparison.Ordinal);
        Assert.Contains("full model", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_rejects_an_unknown_section_with_the_allowed_ones()
    {
        var (exit, _, error) = CliRun.Invoke("bench", "--only", "codec,speed");

        Assert.Equal(Program.UsageError, exit);
        Assert.Contains("speed", error, StringComparison.Ordinal);
        Assert.Contains("transfer", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(markdown)!, recursive: true);
}
