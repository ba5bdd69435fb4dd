using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Issue 17: simulated devices spread over worker processes on loopback. The same seed gives the
/// same run as one process (every metrics column but the two wall-clock ones, and byte-identical
/// final weights); a killed worker's devices are re-homed on the other and the run finishes.
/// </summary>
public sealed class WorkerProcessTests : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "300", "--method", "scalefl", "--seed", "7", "--batch-size", "16",
         "--clients", "4", "--per-round", "4", "--budgets", "uniform:4096-4096", "--eval-samples", "100"];

    // train_seconds and seconds measure this machine's time; every other column must match.
    private static readonly int[] WallClockColumns = [12, 14];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-workers-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task Two_worker_processes_give_the_one_process_run()
    {
        var one = processes.Start(["simulate", .. Experiment, "--rounds", "2", "--quiet", "--out", Path.Combine(directory, "one")]);
        var two = processes.Start(["simulate", .. Experiment, "--rounds", "2", "--workers", "2", "--out", Path.Combine(directory, "two")]);

        Assert.True(await CliProcesses.ExitCode(one, TimeSpan.FromSeconds(180)) == 0, processes.AllLogs);
        Assert.True(await CliProcesses.ExitCode(two, TimeSpan.FromSeconds(180)) == 0, processes.AllLogs);

        Assert.Contains(processes.Lines(two), line => line.Contains("placing 4 devices on 2 workers", StringComparison.Ordinal));
        Assert.Equal(Metrics("one"), Metrics("two"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RunFolder("one"), "final.ckpt")), File.ReadAllBytes(Path.Combine(RunFolder("two"), "final.ckpt")));
    }

    [Fact]
    public async Task A_killed_worker_s_devices_are_re_homed_and_the_run_finishes()
    {
        var port = CliProcesses.FreePort();
        var config = CliProcesses.WriteConfig(directory, "fast.conf", CliProcesses.FastServerLiveness);
        var server = processes.Start(
            ["simulate", .. Experiment, "--rounds", "4", "--expect-workers", "2", "--port", port.ToString(CultureInfo.InvariantCulture), "--config", config, "--out", Path.Combine(directory, "killed")]);
        await processes.WaitForLine(server, line => line.Contains("start 2 workers with", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));
        var seed = $"akka.tcp://scalefl@127.0.0.1:{port}";
        var first = processes.Start("worker", "--seed-node", seed, "--slots", "1");
        await processes.WaitForLine(first, line => line.Contains("Worker joined", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));
        var second = processes.Start("worker", "--seed-node", seed, "--slots", "1");
        await processes.WaitForLine(server, line => line.Contains("round 1/4", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(120));

        // The first worker is the oldest: it also ran the sharding coordinator, which has to move too.
        first.Kill();

        Assert.True(await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(240)) == 0, processes.AllLogs);
        Assert.True(await CliProcesses.ExitCode(second, TimeSpan.FromSeconds(30)) == 0, processes.AllLogs);
        Assert.Contains(processes.Lines(server), line => line.Contains("re-homing device(s)", StringComparison.Ordinal));
        Assert.Contains(processes.Lines(second), line => line.Contains("hosted 4 device(s)", StringComparison.Ordinal));
        Assert.Equal(4, CliProcesses.MetricsRows(Path.Combine(directory, "killed", "scalefl-synthetic-seed7", "scalefl")).Count);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string RunFolder(string run) => Path.Combine(directory, run, "scalefl-synthetic-seed7", "scalefl");

    private List<string> Metrics(string run) =>
        [.. File.ReadAllLines(Path.Combine(RunFolder(run), "metrics.csv"))
            .Select(row => string.Join(',', row.Split(',').Where((_, column) => !WallClockColumns.Contains(column))))];
}
