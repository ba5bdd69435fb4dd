using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Churn against a real `scalefl server` with four `scalefl client` processes (issue 12's eight,
/// scaled to a two-core machine): at once one client is killed (SIGKILL), one stopped (SIGTERM) and
/// one frozen (SIGSTOP); the first two are started again and the frozen one wakes up. The server
/// stays up, no round runs without devices, and the run completes.
/// </summary>
public sealed class ChurnProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-churn-").FullName;
    private readonly CliProcesses processes = new();
    private readonly string port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);

    private string RunFolder => Path.Combine(directory, "sbt-synthetic-seed7", "sbt");

    [Fact]
    public async Task Server_survives_kill_term_and_freeze_of_clients_at_once_and_completes_the_run_with_the_restarted_ones()
    {
        var clock = Stopwatch.StartNew();
        var server = processes.Start(
        [
            "server", .. Experiment, "--clients", "4", "--rounds", "5", "--per-round", "4", "--min-clients", "4", "--eval-samples", "50",
            "--port", port, "--out", directory, "--client-wait", "90", "--round-deadline", "15", "--config", CliProcesses.WriteConfig(directory, "server.conf", CliProcesses.FastServerLiveness),
        ]);
        var clients = Enumerable.Range(1, 4).Select(share => StartClient(share)).ToList();
        await processes.WaitForLine(server, line => line.Contains(" round 1/", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(120));

        clients[0].Kill();
        processes.Signal("TERM", clients[1]);
        processes.Signal("STOP", clients[2]);
        await CliProcesses.ExitCode(clients[0], TimeSpan.FromSeconds(10));
        var termExit = await CliProcesses.ExitCode(clients[1], TimeSpan.FromSeconds(30));
        var restarted = new[] { StartClient(1), StartClient(2) };
        // Frozen past the server's failure detector and its downing time: it wakes to a downed node and rejoins.
        await processes.WaitForLine(server, line => line.Contains("Downing client node", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(60));
        processes.Signal("CONT", clients[2]);
        output.WriteLine($"churn done after {clock.Elapsed.TotalSeconds:F1} s");

        var serverExit = await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(240));
        var survivors = new[] { restarted[0], restarted[1], clients[2], clients[3] };
        var exits = await Task.WhenAll(survivors.Select(client => CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30))));
        output.WriteLine($"run over after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(serverExit == 0, processes.AllLogs);
        Assert.NotEqual(0, termExit);
        Assert.All(exits, exit => Assert.True(exit == 0, processes.AllLogs));
        var rows = CliProcesses.MetricsRows(RunFolder);
        Assert.Equal(["1", "2", "3", "4", "5"], rows.Select(row => row[0]));
        // eligible (column 6) never 0, and the last round trained with every client back.
        Assert.All(rows, row => Assert.NotEqual("0", row[5]));
        Assert.Equal("4", rows[^1][7]);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Process StartClient(int share) => processes.Start(
    [
        "client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{port}", "--memory-mb", "4096", "--share", $"{share}/4", "--join-timeout", "60",
        "--config", CliProcesses.WriteConfig(directory, "client.conf", CliProcesses.FastClientLiveness),
    ]);
}
