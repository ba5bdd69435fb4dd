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
    public void Worker_refuses_bad_flags_in_one_line(string[] flags, string expected)
    {
        var (exit, _, error) = CliRun.Invoke(["worker", "--seed-node", "akka.tcp://scalefl@127.0.0.1:1", .. flags]);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_whose_seed_node_does_not_answer_says_so_and_exits_2()
    {
        var (exit, _, error) = CliRun.Invoke("worker", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{CliProcesses.FreePort()}", "--join-timeout", "2", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: could not join the cluster through", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
