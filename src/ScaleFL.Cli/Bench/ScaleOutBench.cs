using System.Diagnostics;
using System.Text.RegularExpressions;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Issue 17's figures: the default small-resnet simulation (Fashion-MNIST, 100 clients, 10 a round)
/// run with <c>scalefl simulate</c> in one process and with <c>--workers K</c>, one after the other in
/// the same bench: rounds per minute, the per-round time outside training (the same runs with
/// one optimizer step per device and a small evaluation, so a round is planning, transfer,
/// aggregation and evaluation), start-up and shutdown, and the resident memory of the server and
/// of each worker (their peaks, which the workers print as they leave).
/// </summary>
internal static partial class ScaleOutBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    // One optimizer step per device (a tenth of a batch of data each) and 200 test images: what is left of a round is overhead.
    private static readonly string[] Overhead = ["--max-train", "640", "--eval-samples", "200"];

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Scale-out");
        List<int> setups = [0, .. sizes.ScaleOutWorkers];
        report.Note(
            $"{string.Join(' ', ["scalefl simulate --method scalefl", .. sizes.ScaleOutExperiment, "--rounds", sizes.ScaleOutRounds.ToString(BenchReport.Culture)])}: in one process" +
            (sizes.ScaleOutWorkers.Length == 0 ? string.Empty : $", then over {string.Join(" and ", sizes.ScaleOutWorkers)} local worker processes (--workers K, {Environment.ProcessorCount} cores shared)") +
            (sizes.ScaleOutOverhead ? "; the overhead column repeats each with one optimizer step per device and 200 test images" : string.Empty));
        var folder = Directory.CreateTempSubdirectory("scalefl-scaleout-").FullName;
        try
        {
            List<string[]> rows = [["setup", "rounds/min", "round (mean)", "start-up + shutdown", "round, 1 step/device (overhead)", "server peak RSS", "worker peak RSS"]];
            foreach (var workers in setups)
            {
                var full = Simulate(sizes, workers, [], Path.Combine(folder, $"full-{workers}"));
                var light = sizes.ScaleOutOverhead ? Simulate(sizes, workers, Overhead, Path.Combine(folder, $"light-{workers}")) : null;
                rows.Add(
                [
                    workers == 0 ? "1 process" : $"{workers} workers",
                    BenchReport.F(60 / full.RoundSeconds.Average()),
                    BenchReport.Ms(TimeSpan.FromSeconds(full.RoundSeconds.Average())),
                    BenchReport.Ms(TimeSpan.FromSeconds(full.WallSeconds - full.RoundSeconds.Sum())),
                    light is null ? "-" : BenchReport.Ms(TimeSpan.FromSeconds(light.RoundSeconds.Average())),
                    BenchReport.MiB(full.ServerPeak),
                    full.WorkerPeaks.Count == 0 ? "-" : string.Join(" / ", full.WorkerPeaks.Select(BenchReport.MiB)),
                ]);
            }

            report.Table(rows);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Outcome Simulate(BenchSizes sizes, int workers, string[] extra, string output)
    {
        List<string> arguments = ["simulate", "--method", "scalefl", .. Without(sizes.ScaleOutExperiment, extra), .. extra, "--rounds", sizes.ScaleOutRounds.ToString(BenchReport.Culture), "--out", output, "--name", "run"];
        if (workers > 0)
        {
            arguments.AddRange(["--workers", workers.ToString(BenchReport.Culture)]);
        }

        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(SelfProcess.StartInfo(arguments)) ?? throw new InvalidOperationException("Could not start scalefl simulate.");
        process.OutputDataReceived += (_, line) => Collect(lines, line.Data);
        process.ErrorDataReceived += (_, line) => Collect(lines, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        long serverPeak = 0;
        while (!process.WaitForExit(500))
        {
            // The last reading before the exit is the peak (VmHWM never goes down).
            serverPeak = Math.Max(serverPeak, ProcessMemory.PeakBytesOf(process.Id));
            if (clock.Elapsed > Patience)
            {
                process.Kill(entireProcessTree: true);
                throw new ExperimentException($"bench: scalefl simulate with {workers} workers did not finish within {Patience.TotalMinutes:F0} minutes.");
            }
        }

        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            lock (lines)
            {
                throw new ExperimentException($"bench: scalefl simulate with {workers} workers failed (exit {process.ExitCode}): {lines.LastOrDefault(line => line.StartsWith("scalefl:", StringComparison.Ordinal)) ?? lines.LastOrDefault()}");
            }
        }

        var rounds = MetricsCsv.Read(Path.Combine(output, "run", "scalefl", "metrics.csv"))
            .Select(round => round.WallSeconds).ToList();
        lock (lines)
        {
            var workerPeaks = lines.Select(line => WorkerPeak().Match(line)).Where(match => match.Success)
                .Select(match => (long)(double.Parse(match.Groups[1].Value, BenchReport.Culture) * 1024 * 1024)).ToList();
            return new Outcome(clock.Elapsed.TotalSeconds, rounds, serverPeak, workerPeaks);
        }
    }

    /// <summary><paramref name="flags"/> (pairs of flag and value) without the flags <paramref name="overrides"/> gives again.</summary>
    private static IEnumerable<string> Without(string[] flags, string[] overrides)
    {
        for (var index = 0; index + 1 < flags.Length; index += 2)
        {
            if (!overrides.Contains(flags[index]))
            {
                yield return flags[index];
                yield return flags[index + 1];
            }
        }
    }

    private static void Collect(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    [GeneratedRegex(@"^worker \d+: .*peak resident memory ([0-9.]+) MiB")]
    private static partial Regex WorkerPeak();

    private sealed record Outcome(double WallSeconds, List<double> RoundSeconds, long ServerPeak, List<long> WorkerPeaks);
}
