using System.Diagnostics;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// A thousand registered simulated clients, twenty per round: the process's resident memory, and
/// each round's wall time outside training (sampling, task and update messages, aggregation,
/// evaluation of a small test set). Each client holds one batch of four images. The same run
/// with a tenth of the clients goes first: it warms libtorch and the runtime up, and the
/// difference between the two peaks is what the extra clients cost.
/// </summary>
internal static class ScaleBench
{
    private const int SamplesPerClient = 4;
    private const int TestSamples = 64;

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Scale");
        report.Note(
            $"{sizes.ScaleClients} registered device actors, {sizes.ScalePerRound} per round, {sizes.ScaleRounds} rounds of scalefl on {BenchRun.ModelName}; " +
            $"one batch of {SamplesPerClient} images per client, one training at a time, {TestSamples} test images evaluated per round; " +
            $"first the same run with {sizes.ScaleClients / 10} clients");
        var few = Measure(sizes.ScaleClients / 10, sizes);
        var many = Measure(sizes.ScaleClients, sizes);

        var label = many.PeakReset ? "resident memory, peak during the run" : "resident memory, peak of the process";
        report.Figure($"{label}, {sizes.ScaleClients / 10} clients", $"{BenchReport.MiB(few.Peak)} ({BenchReport.MiB(few.Peak - few.Baseline)} above the {BenchReport.MiB(few.Baseline)} before it)");
        report.Figure($"{label}, {sizes.ScaleClients} clients", $"{BenchReport.MiB(many.Peak)} ({BenchReport.MiB(many.Peak - many.Baseline)} above the {BenchReport.MiB(many.Baseline)} before it)");
        var extra = sizes.ScaleClients - (sizes.ScaleClients / 10);
        report.Figure(
            "memory per extra registered client (difference of the two peaks)",
            $"{BenchReport.F((many.Peak - few.Peak) / 1024.0 / extra)} KiB ({BenchReport.MiB(many.Peak - few.Peak)} for {extra} clients, their data included)");

        List<string[]> rows = [["round", "wall", "training", "outside training"]];
        foreach (var round in many.Result.Rounds)
        {
            var (roundWall, training) = (TimeSpan.FromSeconds(round.WallSeconds), TimeSpan.FromSeconds(round.TrainSeconds));
            rows.Add([round.Round.ToString(BenchReport.Culture), BenchReport.Ms(roundWall), BenchReport.Ms(training), BenchReport.Ms(roundWall - training)]);
        }

        report.Table(rows);
        var outside = many.Result.Rounds.Average(r => r.WallSeconds - r.TrainSeconds);
        report.Figure("per-round time outside training (mean)", $"{BenchReport.F(outside * 1000, 0)} ms");
        report.Figure("whole run (start-up, registering every client, rounds, final evaluation, shutdown)", BenchReport.Ms(many.Wall));
    }

    private static Measured Measure(int clients, BenchSizes sizes)
    {
        using var run = new BenchRun(clients, Math.Min(sizes.ScalePerRound, clients), sizes.ScaleRounds, SamplesPerClient, SamplesPerClient, TestSamples);
        // Aggressive: give the pages earlier work left behind back to the OS, so the baseline is this run's.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var baseline = ProcessMemory.CurrentBytes();
        var peakReset = ProcessMemory.TryResetPeak();
        var watch = Stopwatch.StartNew();
        var result = SimulationHost.RunAsync(new SimulationOptions { Driver = run.Settings, MaxConcurrentTraining = 1 }).GetAwaiter().GetResult();
        return new Measured(result, watch.Elapsed, baseline, ProcessMemory.PeakBytes(), peakReset);
    }

    private sealed record Measured(SimulationResult Result, TimeSpan Wall, long Baseline, long Peak, bool PeakReset);
}
