using System.Diagnostics;
using System.Text.Json;
using ScaleFL.Cli.Commands;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// A thousand registered simulated clients, twenty per round: the resident memory, and each
/// round's wall time outside training (sampling, task and update messages, aggregation,
/// evaluation of a small test set). Each client holds one batch of four images. The run goes in
/// a fresh <c>scalefl bench-scale</c> process, after the same run with a tenth of the clients in
/// another: both pay libtorch's and the runtime's own memory, so the difference of their peaks
/// is what the extra clients cost.
/// </summary>
internal static class ScaleBench
{
    private const int SamplesPerClient = 4;
    private const int TestSamples = 64;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Scale");
        var fewClients = Math.Max(1, sizes.ScaleClients / 10);
        report.Note(
            $"{sizes.ScaleClients} registered device actors, {sizes.ScalePerRound} per round, {sizes.ScaleRounds} rounds of scalefl on {BenchRun.ModelName}; " +
            $"one batch of {SamplesPerClient} images per client, one training at a time, {TestSamples} test images evaluated per round; " +
            $"each run in a fresh process, first with {fewClients} clients");
        var few = InChild(fewClients, sizes);
        var many = InChild(sizes.ScaleClients, sizes);

        var label = many.PeakReset ? "resident memory, peak during the run" : "resident memory, peak of the process";
        report.Figure($"{label}, {fewClients} clients", $"{BenchReport.MiB(few.Peak)} ({BenchReport.MiB(few.Peak - few.Baseline)} above the {BenchReport.MiB(few.Baseline)} before it)");
        report.Figure($"{label}, {sizes.ScaleClients} clients", $"{BenchReport.MiB(many.Peak)} ({BenchReport.MiB(many.Peak - many.Baseline)} above the {BenchReport.MiB(many.Baseline)} before it)");
        var extra = sizes.ScaleClients - fewClients;
        report.Figure(
            "memory per extra registered client (difference of the two peaks)",
            $"{BenchReport.F((many.Peak - few.Peak) / 1024.0 / extra)} KiB ({BenchReport.MiB(many.Peak - few.Peak)} for {extra} clients, their data included)");

        List<string[]> rows = [["round", "wall", "training", "outside training"]];
        foreach (var round in many.Rounds)
        {
            var (roundWall, training) = (TimeSpan.FromSeconds(round.WallSeconds), TimeSpan.FromSeconds(round.TrainSeconds));
            rows.Add([round.Round.ToString(BenchReport.Culture), BenchReport.Ms(roundWall), BenchReport.Ms(training), BenchReport.Ms(roundWall - training)]);
        }

        report.Table(rows);
        var outside = many.Rounds.Average(r => r.WallSeconds - r.TrainSeconds);
        report.Figure("per-round time outside training (mean)", $"{BenchReport.F(outside * 1000, 0)} ms");
        report.Figure("whole run (start-up, registering every client, rounds, final evaluation, shutdown)", BenchReport.Ms(TimeSpan.FromSeconds(many.WallSeconds)));
    }

    /// <summary>One run in this process; <c>scalefl bench-scale</c> calls it.</summary>
    public static Measured Measure(int clients, int perRound, int rounds)
    {
        using var run = new BenchRun(clients, Math.Min(perRound, clients), rounds, SamplesPerClient, SamplesPerClient, TestSamples);
        GC.Collect();
        var baseline = ProcessMemory.CurrentBytes();
        var peakReset = ProcessMemory.TryResetPeak();
        var watch = Stopwatch.StartNew();
        var result = SimulationHost.RunAsync(new SimulationOptions { Driver = run.Settings, MaxConcurrentTraining = 1 }).GetAwaiter().GetResult();
        var wall = watch.Elapsed.TotalSeconds;
        return new Measured(
            baseline,
            ProcessMemory.PeakBytes(),
            peakReset,
            wall,
            [.. result.Rounds.Select(r => new MeasuredRound(r.Round, r.Metrics.WallSeconds, r.Metrics.TrainSeconds))]);
    }

    private static Measured InChild(int clients, BenchSizes sizes)
    {
        string[] arguments = [BenchScaleCommand.Name, "--clients", $"{clients}", "--per-round", $"{sizes.ScalePerRound}", "--rounds", $"{sizes.ScaleRounds}"];
        using var child = Process.Start(SelfProcess.StartInfo(arguments))!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(Patience))
        {
            child.Kill();
            throw new InvalidOperationException($"scalefl {BenchScaleCommand.Name} with {clients} clients did not finish within {Patience}.");
        }

        var line = output.Result.Split('\n').FirstOrDefault(l => l.StartsWith(BenchScaleCommand.ResultPrefix, StringComparison.Ordinal));
        return line is not null && child.ExitCode == 0
            ? JsonSerializer.Deserialize<Measured>(line[BenchScaleCommand.ResultPrefix.Length..])!
            : throw new InvalidOperationException($"scalefl {BenchScaleCommand.Name} with {clients} clients failed (exit {child.ExitCode}): {error.Result.Trim()}");
    }

    /// <summary>What one run measured; crosses from the child process as JSON.</summary>
    internal sealed record Measured(long Baseline, long Peak, bool PeakReset, double WallSeconds, MeasuredRound[] Rounds);

    internal sealed record MeasuredRound(int Round, double WallSeconds, double TrainSeconds);
}
