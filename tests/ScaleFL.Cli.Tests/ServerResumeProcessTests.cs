using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>A `scalefl server` killed mid-run and restarted with --resume, with a `scalefl client` process.</summary>
public sealed class ServerResumeProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-server-resume-").FullName;
    private readonly CliProcesses processes = new();

    private string RunFolder => Path.Combine(directory, "sbt-synthetic-seed7", "sbt");

    [Fact]
    public async Task Killed_server_restarted_with_resume_continues_after_its_last_checkpoint()
    {
        var (server, firstClient) = StartPair([]);
        var firstRoundWritten = await CliProcesses.Until(() => Rows().Count >= 1, TimeSpan.FromSeconds(90));
        Assert.True(firstRoundWritten, processes.Log(server) + processes.Log(firstClient));
        server.Kill();
        await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(10));
        var before = Rows();
        Assert.True(before.Count < 4, "the run finished before the server could be killed");

        var (resumed, client) = StartPair(["--resume"]);
        var exit = await CliProcesses.ExitCode(resumed, TimeSpan.FromSeconds(120));
        await CliProcesses.ExitCode(client, TimeSpan.FromSeconds(30));

        output.WriteLine($"killed after rounds [{string.Join(",", before)}]");
        Assert.True(exit == 0, processes.Log(resumed) + processes.Log(client));
        Assert.Contains($"Resuming after round {before[^1]}", processes.Log(resumed), StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3", "4"], Rows());
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private List<string> Rows()
    {
        var path = Path.Combine(RunFolder, "metrics.csv");
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path).Skip(1).Select(row => row.Split(',')[0]).ToList() : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>A server on a fresh port and one client joining it (a client whose server died has left the cluster and exited).</summary>
    private (System.Diagnostics.Process Server, System.Diagnostics.Process Client) StartPair(string[] extra)
    {
        var port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);
        var server = processes.Start(
        [
            "server", .. Experiment, "--clients", "1", "--rounds", "4", "--eval-samples", "50", "--per-round", "1", "--min-clients", "1", "--port", port, "--out", directory,
            "--client-wait", "60", "--round-deadline", "30", .. extra,
        ]);
        var client = processes.Start(
            ["client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{port}", "--memory-mb", "4096", "--share", "1/1", "--join-timeout", "60"]);
        return (server, client);
    }
}
