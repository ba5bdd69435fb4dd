using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>A client process killed with SIGKILL mid-run, then started again with the same share, against a real server process.</summary>
public sealed class ClientKillProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-kill-").FullName;
    private readonly CliProcesses processes = new();

    // The server downs the killed node once it stayed unreachable for down-unreachable-after (only
    // the server decides, see ServerDowningProvider), which frees its client id for the new process.
    [Fact]
    public async Task Killed_client_is_dropped_at_the_deadline_and_a_new_process_with_its_share_rejoins()
    {
        var clock = Stopwatch.StartNew();
        var port = FreePort();
        var seedNode = $"akka.tcp://scalefl@127.0.0.1:{port}";
        // Many rounds: the test ends once the rejoined client has trained; Dispose stops the server.
        var server = Start(
            ["server", .. Experiment, "--clients", "2", "--local-epochs", "2", "--rounds", "1000", "--per-round", "2", "--min-clients", "2", "--eval-samples", "50",
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

        // The round closes without the killed client's update. It counts dropped when the
        // server's downing (down-unreachable-after) removed its node before the deadline, late when it
        // had said it started training and the deadline came first: until then a crash looks like a
        // slow device. Either way it is not counted completed (on a loaded machine the survivor may be late too).
        Assert.DoesNotContain("clients 2/2", withoutIt, StringComparison.Ordinal);
        var missed = System.Text.RegularExpressions.Regex.Match(withoutIt, @"\((\d+) dropped, (\d+) late\)");
        Assert.True(missed.Success && int.Parse(missed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(missed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, withoutIt);
        Assert.False(server.HasExited, Log(server));
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Process StartClient(string seedNode, string share) =>
        Start(["client", "--seed-node", seedNode, "--memory-mb", "4096", "--share", share, "--join-timeout", "60"]);

    private Process Start(string[] args) => processes.Start(args);

    private Task<string> WaitForLine(Process process, Func<string, bool> match, int from, TimeSpan bound) =>
        processes.WaitForLine(process, match, from, bound);

    private List<string> Lines(Process process) => processes.Lines(process);

    private string Log(Process process) => processes.Log(process);

    private static int FreePort() => CliProcesses.FreePort();
}
