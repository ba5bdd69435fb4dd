using System.Diagnostics;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>`scalefl server` and two `scalefl client` processes on loopback, as they are deployed.</summary>
public sealed class ClusterProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cluster-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task Server_and_two_client_processes_run_two_rounds_and_write_the_run_folder()
    {
        var clock = Stopwatch.StartNew();
        var port = FreePort();
        var seed = $"akka.tcp://scalefl@127.0.0.1:{port}";
        var server = Start(
            ["server", .. Experiment, "--clients", "2", "--rounds", "2", "--per-round", "2", "--min-clients", "2", "--eval-samples", "50",
             "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", directory, "--client-wait", "60", "--round-deadline", "60"]);
        string[] shares = ["1/2", "2/2"];
        var clients = shares
            .Select(share => Start(["client", "--seed-node", seed, "--memory-mb", "4096", "--share", share, "--join-timeout", "60", .. NativeFolder(share)]))
            .ToList();

        var serverExit = await ExitCode(server, TimeSpan.FromSeconds(120));
        var clientExits = new List<int>();
        foreach (var client in clients)
        {
            clientExits.Add(await ExitCode(client, TimeSpan.FromSeconds(30)));
        }

        output.WriteLine($"three processes, two rounds: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(serverExit == 0, $"server exited {serverExit}:\n{Log(server)}");
        Assert.All(clientExits, exit => Assert.Equal(0, exit));
        var rows = File.ReadAllLines(Path.Combine(directory, "sbt-synthetic-seed7", "sbt", "metrics.csv"));
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("round,stage,accuracy", rows[0], StringComparison.Ordinal);
        // eligible, selected, completed, dropped are columns 6 to 9.
        Assert.All(rows.Skip(1), row => Assert.Equal(["2", "2", "2", "0"], row.Split(',')[5..9]));
        Assert.True(File.Exists(Path.Combine(directory, "sbt-synthetic-seed7", "sbt", "final.ckpt")));
    }

    [Fact]
    public async Task Client_with_an_unreachable_seed_exits_with_1_and_one_line_after_its_join_timeout()
    {
        var client = Start(["client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{FreePort()}", "--memory-mb", "100", "--share", "1/2", "--join-timeout", "2", "--quiet"]);

        var exit = await ExitCode(client, TimeSpan.FromSeconds(60));

        // 2 is for input the user can fix before anything runs; a seed that does not answer is a run that could not start.
        Assert.Equal(1, exit);
        var errors = processes.Log(client).Split('\n').Where(line => line.StartsWith("ERR scalefl:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains("could not join the cluster", errors[0], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Process Start(string[] args) => processes.Start(args);

    /// <summary>The second client loads libtorch through --native-lib-dir (the bundled build, in its own folder), as a Jetson would.</summary>
    private static string[] NativeFolder(string share) =>
        share == "2/2" ? ["--native-lib-dir", Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")] : [];

    private string Log(Process process) => processes.Log(process);

    private static Task<int> ExitCode(Process process, TimeSpan bound) => CliProcesses.ExitCode(process, bound);

    private static int FreePort() => CliProcesses.FreePort();
}
