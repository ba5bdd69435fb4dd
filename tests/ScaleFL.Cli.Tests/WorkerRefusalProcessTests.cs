using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// A worker is admitted only by a worker-hosted simulation, and only with the join secret: pointed
/// at a 'scalefl server' it is refused in one line within its join timeout; with a wrong secret it is
/// refused before it fills an expected worker's place or hears of a device.
/// </summary>
public sealed class WorkerRefusalProcessTests : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "scalefl", "--seed", "7", "--batch-size", "16", "--clients", "2", "--eval-samples", "50"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-worker-refusal-").FullName;
    private readonly CliProcesses processes = new();
    private readonly string port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);

    private string SeedNode => $"akka.tcp://scalefl@127.0.0.1:{port}";

    [Fact]
    public async Task A_worker_pointed_at_a_cluster_server_is_refused_in_one_line()
    {
        var server = processes.Start(["server", .. Experiment, "--rounds", "1", "--min-clients", "2", "--port", port, "--out", directory, "--client-wait", "60"]);
        await processes.WaitForLine(server, line => line.Contains(port, StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));

        var worker = processes.Start("worker", "--seed-node", SeedNode, "--join-timeout", "5", "--slots", "1");

        Assert.True(await CliProcesses.ExitCode(worker, TimeSpan.FromSeconds(40)) == 1, processes.AllLogs);
        var errors = processes.Lines(worker).Where(line => line.StartsWith("ERR ", StringComparison.Ordinal)).ToList();
        Assert.True(errors is [var error] && error.Contains("is not running a worker-hosted simulation", StringComparison.Ordinal), processes.AllLogs);
    }

    [Fact]
    public async Task A_worker_with_a_wrong_join_secret_is_refused_before_it_counts()
    {
        var server = processes.Start(
            ["simulate", .. Experiment, "--rounds", "1", "--expect-workers", "1", "--port", port, "--join-secret", "the-right-one", "--out", directory]);
        await processes.WaitForLine(server, line => line.Contains("start 1 worker with", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));

        var worker = processes.Start("worker", "--seed-node", SeedNode, "--join-secret", "a-wrong-one", "--slots", "1");

        Assert.True(await CliProcesses.ExitCode(worker, TimeSpan.FromSeconds(40)) == 1, processes.AllLogs);
        Assert.Contains("ERR scalefl: worker: the server refused this worker: wrong or missing join secret", processes.Lines(worker).FirstOrDefault(line => line.StartsWith("ERR ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(processes.Lines(server), line => line.Contains("1 of 1 worker joined", StringComparison.Ordinal) || line.Contains("placing", StringComparison.Ordinal));
        Assert.Contains(processes.Lines(server), line => line.Contains("refused the worker at", StringComparison.Ordinal));

        processes.Signal("TERM", server);
        Assert.True(await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(20)) == 130, processes.AllLogs);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
