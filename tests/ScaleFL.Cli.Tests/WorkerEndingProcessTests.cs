using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// How a simulation over worker processes ends when it does not finish: SIGTERM of the server while
/// it waits for workers or runs rounds exits 130 within seconds (its local workers gone, the run
/// folder resumable, no results table), as the one-process simulation does.
/// </summary>
public sealed class WorkerEndingProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "300", "--method", "scalefl", "--seed", "7", "--batch-size", "16",
         "--clients", "4", "--per-round", "4", "--budgets", "uniform:4096-4096", "--eval-samples", "100"];

    // Far more than a cancelled run's clean-up needs, far less than the 10-minute wait of the defect.
    private static readonly TimeSpan EndBound = TimeSpan.FromSeconds(20);

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-worker-end-").FullName;
    private readonly CliProcesses processes = new();

    private string RunFolder => Path.Combine(directory, "scalefl-synthetic-seed7", "scalefl");

    [Fact]
    public async Task Sigterm_of_a_simulation_with_local_workers_exits_130_and_leaves_a_resumable_run()
    {
        var server = processes.Start(["simulate", .. Experiment, "--rounds", "40", "--workers", "1", "--out", directory]);
        await processes.WaitForLine(server, line => line.Contains("round 2/40", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(120));
        var workers = CliProcesses.ChildrenOf(server);

        var clock = Stopwatch.StartNew();
        processes.Signal("TERM", server);
        var exit = await CliProcesses.ExitCode(server, EndBound);
        output.WriteLine($"exit {exit} {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");

        Assert.True(exit == 130, processes.AllLogs);
        Assert.NotEmpty(workers);
        Assert.True(await CliProcesses.Until(() => workers.All(CliProcesses.IsGone), TimeSpan.FromSeconds(5)), processes.AllLogs);
        Assert.True(File.Exists(Path.Combine(RunFolder, "checkpoint.ckpt")), processes.AllLogs);
        Assert.False(File.Exists(Path.Combine(RunFolder, "final.ckpt")), processes.AllLogs);
        Assert.True(CliProcesses.MetricsRows(RunFolder).Count >= 2, processes.AllLogs);
        Assert.DoesNotContain(processes.Lines(server), line => line.Contains("Finished", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sigterm_while_waiting_for_workers_exits_130_within_seconds()
    {
        var port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);
        var server = processes.Start(["simulate", .. Experiment, "--rounds", "2", "--expect-workers", "2", "--port", port, "--out", directory]);
        await processes.WaitForLine(server, line => line.Contains("start 2 workers with", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));

        processes.Signal("TERM", server);

        Assert.True(await CliProcesses.ExitCode(server, EndBound) == 130, processes.AllLogs);
        Assert.Contains("scalefl: cancelled.", processes.Log(server), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_simulation_whose_only_local_worker_was_killed_ends_in_one_line_and_stays_resumable()
    {
        var config = CliProcesses.WriteConfig(directory, "fast.conf", CliProcesses.FastServerLiveness);
        var server = processes.Start(["simulate", .. Experiment, "--rounds", "40", "--workers", "1", "--config", config, "--out", directory]);
        await processes.WaitForLine(server, line => line.Contains("round 1/40", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(120));

        var clock = Stopwatch.StartNew();
        foreach (var worker in CliProcesses.ChildrenOf(server))
        {
            Process.GetProcessById(worker).Kill();
        }

        // Downed after 4 s unreachable (fast.conf), then one placement check.
        var exit = await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(30));
        output.WriteLine($"exit {exit} {clock.Elapsed.TotalSeconds:F1} s after the kill");

        Assert.True(exit == 1, processes.AllLogs);
        var errors = processes.Lines(server).Where(line => line.StartsWith("ERR ", StringComparison.Ordinal)).ToList();
        Assert.True(errors is [var error] && error.StartsWith("ERR scalefl: all workers are gone", StringComparison.Ordinal), processes.AllLogs);
        Assert.DoesNotContain(processes.Lines(server), line => line.Contains("remaining worker", StringComparison.Ordinal));
        // One line per problem: Akka's warnings about the same loss stay off the console.
        Assert.DoesNotContain(processes.Lines(server), line => line.Contains("[WARNING]", StringComparison.Ordinal) || line.Contains("[ERROR]", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(RunFolder, "checkpoint.ckpt")), processes.AllLogs);
        Assert.False(File.Exists(Path.Combine(RunFolder, "final.ckpt")), processes.AllLogs);
    }

    [Fact]
    public async Task A_local_worker_killed_before_it_joined_ends_the_run_in_one_line_instead_of_waiting_for_it()
    {
        var server = processes.Start(["simulate", .. Experiment, "--rounds", "2", "--workers", "2", "--out", directory]);
        await processes.WaitForLine(server, line => line.Contains("Started 2 worker process(es)", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));
        var workers = CliProcesses.ChildrenOf(server);

        // At once: a worker needs seconds to start its runtime and join.
        var killed = Process.GetProcessById(workers[0]);
        killed.Kill();
        var clock = Stopwatch.StartNew();
        var exit = await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(30));
        output.WriteLine($"exit {exit} {clock.Elapsed.TotalSeconds:F1} s after the kill");

        Assert.True(exit == 1, processes.AllLogs);
        var errors = processes.Lines(server).Where(line => line.StartsWith("ERR scalefl: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors is [var error] && error.Contains("exited (code 137) before every worker joined", StringComparison.Ordinal), processes.AllLogs);
        Assert.DoesNotContain(processes.Lines(server), line => line.Contains("Finished", StringComparison.OrdinalIgnoreCase));
        Assert.True(await CliProcesses.Until(() => workers.All(CliProcesses.IsGone), TimeSpan.FromSeconds(5)), processes.AllLogs);
    }

    [Fact]
    public async Task Local_workers_of_a_server_bound_to_every_interface_join_on_loopback_and_train_on_the_simulation_s_device()
    {
        var server = processes.Start(["simulate", .. Experiment, "--rounds", "2", "--workers", "1", "--host", "0.0.0.0", "--device", "cpu", "--out", directory]);
        var started = await processes.WaitForLine(server, line => line.Contains("worker process(es)", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));
        var worker = Assert.Single(CliProcesses.ChildrenOf(server));
        var arguments = File.ReadAllText($"/proc/{worker}/cmdline").Split('\0');
        await processes.WaitForLine(server, line => line.Contains("1 of 1 worker joined", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));

        processes.Signal("TERM", server);

        Assert.Contains("joining akka.tcp://scalefl@127.0.0.1:", started, StringComparison.Ordinal);
        Assert.Equal("cpu", arguments[Array.IndexOf(arguments, "--device") + 1]);
        Assert.StartsWith("akka.tcp://scalefl@127.0.0.1:", arguments[Array.IndexOf(arguments, "--seed-node") + 1], StringComparison.Ordinal);
        Assert.True(await CliProcesses.ExitCode(server, EndBound) == 130, processes.AllLogs);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
