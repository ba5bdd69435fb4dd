using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// Issue 10 item 4: a server with client processes on loopback and `simulate` with the same seed,
/// clients and settings train the same thing: the same metrics (but for wall-clock columns) and
/// byte-identical final weights.
/// </summary>
public sealed class ClusterEqualsSimulationTests : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "300", "--method", "scalefl", "--seed", "7", "--batch-size", "16",
         "--clients", "3", "--per-round", "3", "--rounds", "2", "--eval-samples", "100", "--quiet",
         // Not the default stand-ins: part of the architecture, so the devices must build what the server built.
         "--stand-ins", "bn-relu"];

    // round .. bytes_up: every column that does not measure wall-clock or machine time.
    private const int ComparedColumns = 12;

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-equal-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task Three_client_processes_and_simulate_give_the_same_metrics_and_weights()
    {
        var port = CliProcesses.FreePort();
        var server = processes.Start(
            ["server", .. Experiment, "--port", port.ToString(CultureInfo.InvariantCulture), "--out", Path.Combine(directory, "cluster"),
             "--min-clients", "3", "--client-wait", "60", "--round-deadline", "120"]);
        var clients = Enumerable.Range(1, 3)
            .Select(k => processes.Start("client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{port}", "--memory-mb", "4096", "--share", $"{k}/3", "--join-timeout", "60", "--quiet"))
            .ToList();
        // Every simulated device gets the same ample budget as the processes, so all three train each stage.
        var simulation = processes.Start(["simulate", .. Experiment, "--budgets", "uniform:4096-4096", "--out", Path.Combine(directory, "simulation")]);

        Assert.True(await CliProcesses.ExitCode(simulation, TimeSpan.FromSeconds(180)) == 0, processes.AllLogs);
        Assert.True(await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(180)) == 0, processes.AllLogs);
        foreach (var client in clients)
        {
            Assert.True(await CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30)) == 0, processes.AllLogs);
        }

        Assert.Equal(Metrics("simulation"), Metrics("cluster"));
        Assert.Equal(await Weights("simulation"), await Weights("cluster"));
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string RunFolder(string engine) => Path.Combine(directory, engine, "scalefl-synthetic-seed7", "scalefl");

    private List<string> Metrics(string engine) =>
        [.. File.ReadAllLines(Path.Combine(RunFolder(engine), "metrics.csv")).Select(row => string.Join(',', row.Split(',')[..ComparedColumns]))];

    private async Task<byte[]> Weights(string engine)
    {
        var file = Path.Combine(directory, engine + ".safetensors");
        var export = processes.Start("export", "--checkpoint", Path.Combine(RunFolder(engine), "final.ckpt"), "--out", file);
        Assert.True(await CliProcesses.ExitCode(export, TimeSpan.FromSeconds(60)) == 0, processes.Log(export));
        return File.ReadAllBytes(file);
    }
}
