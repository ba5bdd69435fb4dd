using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// A `scalefl server` paused (kill -STOP), killed (kill -9) and restarted with --resume, or killed
/// for good, under two `scalefl client` processes: the clients rejoin, never say "finished" unless
/// the server finished, and give up with one line when the server stays gone.
/// </summary>
public sealed class ServerLivenessProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-liveness-").FullName;
    private readonly CliProcesses processes = new();
    private readonly string port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);

    private string SeedNode => $"akka.tcp://scalefl@127.0.0.1:{port}";

    private string RunFolder => Path.Combine(directory, "sbt-synthetic-seed7", "sbt");

    [Fact]
    public async Task Server_paused_past_the_failure_detector_gets_its_clients_back_and_finishes_every_round()
    {
        var clock = Stopwatch.StartNew();
        var server = StartServer([]);
        var clients = new[] { StartClient("1/2", []), StartClient("2/2", []) };
        await processes.WaitForLine(server, line => line.Contains(" round 1/", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(90));

        processes.Signal("STOP", server);
        // Longer than the clients' heartbeat pause plus server-lost-after: they give their nodes up.
        await Task.WhenAll(clients.Select(client => processes.WaitForLine(client, line => line.Contains("Lost the server", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(30))));
        var clientsSawEndEarly = clients.Any(client => processes.Log(client).Contains("finished", StringComparison.Ordinal));
        processes.Signal("CONT", server);
        output.WriteLine($"server paused and resumed after {clock.Elapsed.TotalSeconds:F1} s");

        var serverExit = await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(150));
        var clientExits = await Task.WhenAll(clients.Select(client => CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30))));
        output.WriteLine($"run over after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.False(clientsSawEndEarly, processes.AllLogs);
        Assert.True(serverExit == 0, processes.AllLogs);
        Assert.All(clientExits, exit => Assert.True(exit == 0, processes.AllLogs));
        Assert.All(clients, client => Assert.Contains("The server finished the run after round 4", processes.Log(client), StringComparison.Ordinal));
        Assert.Equal(["1", "2", "3", "4"], CliProcesses.MetricsRows(RunFolder).Select(row => row[0]));
        // eligible is column 6: no round was run without devices while they were rejoining.
        Assert.All(CliProcesses.MetricsRows(RunFolder), row => Assert.NotEqual("0", row[5]));
    }

    [Fact]
    public async Task Server_killed_and_restarted_with_resume_on_its_port_gets_the_same_client_processes_back()
    {
        var server = StartServer([]);
        var clients = new[] { StartClient("1/2", []), StartClient("2/2", []) };
        Assert.True(await CliProcesses.Until(() => CliProcesses.MetricsRows(RunFolder).Count >= 1, TimeSpan.FromSeconds(90)), processes.AllLogs);
        server.Kill();
        await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(10));
        var before = CliProcesses.MetricsRows(RunFolder).Count;
        Assert.True(before < 4, "the run finished before the server could be killed");

        var resumed = StartServer(["--resume"]);
        var exit = await CliProcesses.ExitCode(resumed, TimeSpan.FromSeconds(150));
        var clientExits = await Task.WhenAll(clients.Select(client => CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30))));

        output.WriteLine($"killed after {before} rounds");
        Assert.True(exit == 0, processes.AllLogs);
        Assert.Contains($": resuming after round {before} from ", processes.Log(resumed), StringComparison.Ordinal);
        Assert.All(clientExits, code => Assert.True(code == 0, processes.AllLogs));
        Assert.All(clients, client => Assert.Contains("Lost the server", processes.Log(client), StringComparison.Ordinal));
        Assert.Equal(["1", "2", "3", "4"], CliProcesses.MetricsRows(RunFolder).Select(row => row[0]));
    }

    [Fact]
    public async Task Client_whose_server_stays_dead_exits_1_with_one_line_after_its_rejoin_timeout_and_never_says_finished()
    {
        var server = StartServer([], clients: 1);
        var client = StartClient("1/1", ["--rejoin-timeout", "8"]);
        await processes.WaitForLine(client, line => line.Contains("waiting for the server", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(90));
        server.Kill();

        var exit = await CliProcesses.ExitCode(client, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        var log = processes.Log(client);
        var errors = log.Split('\n').Where(line => line.StartsWith("ERR scalefl:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, log);
        Assert.Contains("could not rejoin within 8 s", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("finished", log, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Process StartServer(string[] extra, int clients = 2) => processes.Start(
    [
        "server", .. Experiment, "--clients", clients.ToString(CultureInfo.InvariantCulture), "--rounds", "4", "--eval-samples", "50",
        "--per-round", clients.ToString(CultureInfo.InvariantCulture), "--min-clients", clients.ToString(CultureInfo.InvariantCulture),
        "--port", port, "--out", directory, "--client-wait", "60", "--round-deadline", "30", "--config", CliProcesses.WriteConfig(directory, "server.conf", CliProcesses.FastServerLiveness), .. extra,
    ]);

    private Process StartClient(string share, string[] extra) => processes.Start(
    [
        "client", "--seed-node", SeedNode, "--memory-mb", "4096", "--share", share, "--join-timeout", "60",
        "--config", CliProcesses.WriteConfig(directory, "client.conf", CliProcesses.FastClientLiveness), .. extra,
    ]);
}
