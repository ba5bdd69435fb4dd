using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>A client process killed with SIGKILL mid-run, then started again with the same share, against a real server process.</summary>
public sealed class ClientKillProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-kill-").FullName;
    private readonly List<(Process Process, StringBuilder Log)> started = [];

    [Fact]
    public async Task Killed_client_is_dropped_at_the_deadline_and_a_new_process_with_its_share_rejoins()
    {
        var clock = Stopwatch.StartNew();
        var port = FreePort();
        var seedNode = $"akka.tcp://scalefl@127.0.0.1:{port}";
        // Many rounds: the test ends once the rejoined client has trained; Dispose stops the server.
        var server = Start(
            ["server", .. Experiment, "--rounds", "1000", "--per-round", "2", "--min-clients", "2", "--eval-samples", "50",
             "--port", port.ToString(CultureInfo.InvariantCulture), "--out", directory, "--client-wait", "60", "--round-deadline", "20"]);
        var victim = StartClient(seedNode, "1/2");
        StartClient(seedNode, "2/2");

        await WaitForLine(server, line => line.Contains(" round 2/", StringComparison.Ordinal), from: 0, TimeSpan.FromSeconds(120));
        var killedAt = Lines(server).Count;
        victim.Kill(entireProcessTree: true);
        output.WriteLine($"killed client 1/2 after {clock.Elapsed.TotalSeconds:F1} s");
        var withoutIt = await WaitForLine(server, line => line.Contains(" dropped", StringComparison.Ordinal), killedAt, TimeSpan.FromSeconds(90));
        output.WriteLine($"round closed without it after {clock.Elapsed.TotalSeconds:F1} s: {withoutIt}");
        var restartedAt = Lines(server).Count;
        StartClient(seedNode, "1/2");
        var rejoined = await WaitForLine(server, line => line.Contains("clients 2/2", StringComparison.Ordinal), restartedAt, TimeSpan.FromSeconds(120));
        output.WriteLine($"rejoined and trained after {clock.Elapsed.TotalSeconds:F1} s: {rejoined}");

        Assert.Contains("clients 1/", withoutIt, StringComparison.Ordinal);
        Assert.False(server.HasExited, Log(server));
    }

    public void Dispose()
    {
        foreach (var (process, _) in started)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    private Process StartClient(string seedNode, string share) =>
        Start(["client", .. Experiment, "--seed-node", seedNode, "--memory-mb", "4096", "--partition", share, "--join-timeout", "60", "--local-epochs", "2"]);

    private Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scalefl.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var log = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(log, "OUT ", line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, "ERR ", line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started.Add((process, log));
        return process;
    }

    /// <summary>The first line from index <paramref name="from"/> on that matches; fails with the log when <paramref name="bound"/> passes or the process exits.</summary>
    private async Task<string> WaitForLine(Process process, Func<string, bool> match, int from, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            var found = Lines(process).Skip(from).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            Assert.False(process.HasExited, $"the process exited early:\n{Log(process)}");
            await Task.Delay(100);
        }

        Assert.Fail($"no matching line within {bound.TotalSeconds} s:\n{string.Join("\n---\n", started.Select(entry => entry.Log.ToString()))}");
        return string.Empty;
    }

    private List<string> Lines(Process process)
    {
        var log = started.Single(entry => entry.Process == process).Log;
        lock (log)
        {
            return [.. log.ToString().Split('\n')];
        }
    }

    private string Log(Process process) => started.Single(entry => entry.Process == process).Log.ToString();

    private static void Append(StringBuilder log, string stream, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.Append(stream).AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
