using System.Diagnostics;
using System.Globalization;
using ScaleFL.Core.Memory;
using Xunit.Abstractions;

namespace ScaleFL.Cli.Tests;

/// <summary>`scalefl client` measures a stage's peak itself and decides by that figure, not by the server's estimate.</summary>
public sealed class SelfMeasureProcessTests(ITestOutputHelper output) : IDisposable
{
    private const double MiB = 1024.0 * 1024.0;
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-selfmeasure-").FullName;
    private readonly CliProcesses processes = new();

    [Fact]
    public async Task A_client_just_below_its_measured_peak_declines_the_stage_and_one_just_above_trains_it()
    {
        var clock = Stopwatch.StartNew();

        // Round 1 of scalefl trains stage 0 (nothing to co-adapt) of small-resnet at batch 16: the
        // peak comes from the measurer the clients use, into the cache they read.
        var request = new MemoryProbeRequest("small-resnet", 0, 16, Harmonizer: false, MemoryProbeRequest.DefaultSteps);
        var cache = new MeasurementCache(Path.Combine(directory, "cache"));
        var probe = processes.Start(["memory-probe", .. request.ToArgs()]);
        Assert.Equal(0, await CliProcesses.ExitCode(probe, TimeSpan.FromSeconds(120)));
        var peak = MemoryProbeResult.FromOutput(string.Join('\n', processes.Lines(probe).Select(line => line.StartsWith("OUT ", StringComparison.Ordinal) ? line[4..] : line)))
            .Measurement.PeakAboveBaselineBytes;
        cache.GetOrMeasure(MeasurementCache.StageKey(request), () => peak);
        var environment = new Dictionary<string, string> { ["SCALEFL_CACHE_DIR"] = cache.Directory };

        var port = CliProcesses.FreePort();
        var seed = $"akka.tcp://scalefl@127.0.0.1:{port}";
        var server = processes.Start(
            ["server", "--dataset", "synthetic", "--max-train", "200", "--method", "scalefl", "--seed", "7", "--batch-size", "16",
             "--clients", "2", "--rounds", "1", "--per-round", "2", "--min-clients", "2", "--eval-samples", "50",
             "--port", port.ToString(CultureInfo.InvariantCulture), "--out", directory, "--client-wait", "60", "--round-deadline", "60"]);
        var below = processes.StartWith(environment, ["client", "--seed-node", seed, "--memory-mb", MebibytesOf(peak - MiB), "--share", "1/2", "--join-timeout", "60"]);
        var above = processes.StartWith(environment, ["client", "--seed-node", seed, "--memory-mb", MebibytesOf(peak + MiB), "--share", "2/2", "--join-timeout", "60"]);

        var serverExit = await CliProcesses.ExitCode(server, TimeSpan.FromSeconds(120));
        var belowExit = await CliProcesses.ExitCode(below, TimeSpan.FromSeconds(30));
        var aboveExit = await CliProcesses.ExitCode(above, TimeSpan.FromSeconds(30));

        output.WriteLine($"measured peak {peak / MiB:F1} MiB; probe, server and two clients: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True((serverExit, belowExit, aboveExit) == (0, 0, 0), processes.AllLogs);
        var run = Path.Combine(directory, "scalefl-synthetic-seed7", "scalefl");
        var devices = File.ReadAllLines(Path.Combine(run, "devices.csv"));
        Assert.Equal("client_id,budget_mib,stage,batch_size,estimated_mib,measured_mib,decision", devices[0]);
        var measured = (peak / MiB).ToString("F1", CultureInfo.InvariantCulture);
        Assert.Equal(["0", "0", "16", measured, "declined"], Columns(devices, "0"));
        Assert.Equal(["1", "0", "16", measured, "accepted"], Columns(devices, "1"));
        Assert.Contains(processes.Lines(below), line => line.Contains($"measured peak {measured} MiB", StringComparison.Ordinal)
            && line.Contains("estimate", StringComparison.Ordinal) && line.Contains("does not fit", StringComparison.Ordinal));
        // eligible, selected, completed are columns 6 to 8: both were asked, one trained.
        Assert.Equal(["2", "2", "1"], File.ReadAllLines(Path.Combine(run, "metrics.csv"))[1].Split(',')[5..8]);
    }

    public void Dispose()
    {
        processes.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static string MebibytesOf(double bytes) => (bytes / MiB).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>Client id, stage, batch, measured MiB and decision of the client's row.</summary>
    private static string[] Columns(string[] devices, string clientId)
    {
        var row = devices.Skip(1).Single(line => line.StartsWith(clientId + ",", StringComparison.Ordinal)).Split(',');
        return [row[0], row[2], row[3], row[5], row[6]];
    }
}
