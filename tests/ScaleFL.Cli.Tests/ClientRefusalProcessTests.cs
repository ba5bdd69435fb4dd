using System.Diagnostics;
using System.Globalization;

namespace ScaleFL.Cli.Tests;

/// <summary>Client processes the server refuses (a second process with a share already running, a wrong join secret) exit 1 at once, naming why.</summary>
public sealed class ClientRefusalProcessTests : IDisposable
{
    private static readonly string[] Experiment =
        ["--dataset", "synthetic", "--max-train", "200", "--method", "sbt", "--seed", "7", "--batch-size", "16"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-refusal-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task Second_process_with_a_running_share_and_one_with_a_wrong_secret_exit_1_naming_the_reason_on_both_sides()
    {
        var port = CliProcesses.FreePort().ToString(CultureInfo.InvariantCulture);
        // Two clients wanted, so the server is still waiting while the refusals happen.
        var server = processes.Start(
            ["server", .. Experiment, "--clients", "2", "--rounds", "1", "--min-clients", "2", "--port", port, "--out", directory,
             "--client-wait", "120", "--join-secret", "s3cret"]);
        var first = Client(port, "1/2", "s3cret");
        await processes.WaitForLine(first, line => line.Contains("waiting for the server", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(90));
        await processes.WaitForLine(server, line => line.Contains("1 of 2 clients registered", StringComparison.Ordinal), 0, TimeSpan.FromSeconds(30));

        var duplicate = Client(port, "1/2", "s3cret");
        var stranger = Client(port, "2/2", "guess");
        var duplicateExit = await CliProcesses.ExitCode(duplicate, TimeSpan.FromSeconds(60));
        var strangerExit = await CliProcesses.ExitCode(stranger, TimeSpan.FromSeconds(60));

        Assert.Equal(1, duplicateExit);
        Assert.Contains("client id 0 is already registered", OnlyError(duplicate), StringComparison.Ordinal);
        Assert.Equal(1, strangerExit);
        Assert.Contains("wrong or missing join secret", OnlyError(stranger), StringComparison.Ordinal);
        Assert.False(first.HasExited, processes.Log(first));
        var serverLog = processes.Log(server);
        Assert.Contains("refused client 0: client id 0 is already registered", serverLog, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Process Client(string port, string share, string secret) => processes.Start(
        ["client", "--seed-node", $"akka.tcp://scalefl@127.0.0.1:{port}", "--memory-mb", "4096", "--share", share, "--join-timeout", "60", "--join-secret", secret]);

    private string OnlyError(Process process)
    {
        var errors = processes.Lines(process).Where(line => line.StartsWith("ERR scalefl:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, processes.Log(process));
        return errors[0];
    }
}
