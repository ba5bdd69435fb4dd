namespace ScaleFL.Cli.Tests;

/// <summary>
/// The bench prints figures and never fails on timing, so no figure is asserted; what is checked
/// is that every section runs to its end: in <c>--quick</c> mode, as users run it, and with
/// <c>--smoke</c>'s tiny sizes for the Markdown output (a second process for the transfer, a
/// child per memory row, PyTorch where installed).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string[] Sections =
        ["Runtime overhead", "Weight codec", "Transfer between two processes", "Peer: step time against PyTorch", "Memory per stage", "Scale"];

    private readonly string markdown = Path.Combine(Directory.CreateTempSubdirectory("scalefl-bench-").FullName, "bench.md");

    [Fact]
    public void Bench_smoke_runs_every_section_and_writes_the_figures_as_markdown()
    {
        var (exit, output, error) = CliRun.Invoke("bench", "--smoke", "--markdown", markdown);

        Assert.True(exit == 0, error);
        foreach (var section in Sections.Append("Scale-out"))
        {
            Assert.Contains($"== {section}", output, StringComparison.Ordinal);
            Assert.Contains($"### {section}", File.ReadAllText(markdown), StringComparison.Ordinal);
        }

        Assert.Contains("overhead ratio", output, StringComparison.Ordinal);
        Assert.Contains("heartbeat warnings", output, StringComparison.Ordinal);
        Assert.Contains("full model", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_quick_runs_every_section_without_error()
    {
        var (exit, output, error) = CliRun.Invoke("bench", "--quick");

        Assert.True(exit == 0, error);
        Assert.Contains("scalefl bench (quick)", output, StringComparison.Ordinal);
        Assert.Matches(@"2 workers\s+[0-9.]+\s+[0-9]+ ms", output);
        foreach (var section in Sections.Append("Scale-out"))
        {
            Assert.Contains($"== {section}", output, StringComparison.Ordinal);
        }

        // Each path with TLS off and on, side by side.
        foreach (var tls in new[] { "off", "on" })
        {
            Assert.Matches($@"data lane\W+{tls}\W+44\.0 MB", output);
            Assert.Matches($@"chunks through Akka\.Remote\W+{tls}\W+44\.0 MB", output);
        }
        Assert.Contains("bench (quick) finished", output, StringComparison.Ordinal);
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
