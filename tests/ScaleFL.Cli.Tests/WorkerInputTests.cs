namespace ScaleFL.Cli.Tests;

/// <summary>Issue 17's flags refused before anything is loaded or bound: one line, exit 2, no run folder.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WorkerInputTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("scalefl-worker-input-").FullName;

    [Theory]
    [InlineData(new[] { "--workers", "0" }, "scalefl: workers: '0' is not allowed")]
    [InlineData(new[] { "--expect-workers", "-1" }, "scalefl: expect-workers: '-1' is not allowed")]
    [InlineData(new[] { "--workers", "100000" }, "scalefl: workers: '100000' is not allowed; allowed: 1 to 64")]
    [InlineData(new[] { "--workers", "5", "--clients", "4" }, "scalefl: workers: '5' is not allowed; allowed: 1 to 4")]
    [InlineData(new[] { "--expect-workers", "101" }, "scalefl: expect-workers: '101' is not allowed; allowed: 1 to 100")]
    [InlineData(new[] { "--workers", "2", "--expect-workers", "2" }, "scalefl: workers: give --workers K")]
    [InlineData(new[] { "--port", "5000" }, "scalefl: host: --host, --port")]
    [InlineData(new[] { "--join-secret", "s3cret" }, "scalefl: host: --host, --port")]
    [InlineData(new[] { "--workers", "2", "--engine", "inline" }, "scalefl: engine: devices on worker processes need the actor engine")]
    [InlineData(new[] { "--expect-workers", "2", "--method", "scalefl,sbt" }, "scalefl: expect-workers: workers started by hand serve one run")]
    public void Simulate_refuses_a_worker_flag_it_cannot_honour_in_one_line(string[] flags, string expected)
    {
        var (exit, _, error) = CliRun.Invoke(["simulate", "--dataset", "synthetic", "--out", output, .. flags]);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Theory]
    [InlineData(new[] { "--slots", "0" }, "scalefl: slots: '0' is not allowed")]
    [InlineData(new[] { "--join-timeout", "0" }, "scalefl: join-timeout: '0' is not allowed")]
    [InlineData(new[] { "--slots", "257" }, "scalefl: slots: '257' is not allowed; allowed: 1 to 256")]
    [InlineData(new[] { "--data", "/nonexistent" }, "scalefl: data: '/nonexistent' is not a folder")]
    [InlineData(new[] { "--seed-node", "bogus" }, "scalefl: seed-node: 'bogus' is not allowed; allowed: akka.tcp://scalefl@HOST:PORT")]
    public void Worker_refuses_bad_flags_in_one_line_before_joining(string[] flags, string expected)
    {
        // The seed node given first does not answer: a flag checked only after joining would cost the join timeout and exit 1.
        string[] seed = flags.Contains("--seed-node") ? [] : ["--seed-node", "akka.tcp://scalefl@127.0.0.1:1"];
        string[] bound = flags.Contains("--join-timeout") ? [] : ["--join-timeout", "1"];
        var (exit, _, error) = CliRun.Invoke(["worker", .. seed, .. bound, .. flags]);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_whose_seed_node_does_not_answer_says_so_and_exits_1()
    {
        var (exit, _, error) = CliRun.Invoke("worker", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{CliProcesses.FreePort()}", "--join-timeout", "2", "--quiet");

        Assert.Equal(1, exit);
        Assert.StartsWith("scalefl: could not join the cluster through", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
