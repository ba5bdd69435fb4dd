using System.Diagnostics;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// A thousand registered simulated clients, twenty per round: the process's resident memory, and
/// each round's wall time outside training (sampling, task and update messages, aggregation,
/// evaluation of a small test set). Each client holds one batch of four images.
/// </summary>
internal static class ScaleBench
{
    private const int SamplesPerClient = 4;
    private const int TestSamples = 64;

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Scale");
        using var run = new BenchRun(sizes.ScaleClients, sizes.ScalePerRound, sizes.ScaleRounds, SamplesPerClient, SamplesPerClient, TestSamples);
        report.Note(
            $"{sizes.ScaleClients} registered device actors, {sizes.ScalePerRound} per round, {sizes.ScaleRounds} rounds of scalefl on {BenchRun.ModelName}; " +
            $"one batch of {SamplesPerClient} images per client, one training at a time, {TestSamples} test images evaluated per round");
        GC.Collect();
        var baseline = ProcessMemory.CurrentBytes();
        var peakReset = ProcessMemory.TryResetPeak();
        var watch = Stopwatch.StartNew();
        var result = SimulationHost.RunAsync(new SimulationOptions { Driver = run.Settings, MaxConcurrentTraining = 1 }).GetAwaiter().GetResult();
        var wall = watch.Elapsed;
        var (peak, after) = (ProcessMemory.PeakBytes(), ProcessMemory.CurrentBytes());

        report.Figure(
            peakReset ? "resident memory, peak during the run" : "resident memory, peak of the process",
            $"{BenchReport.MiB(peak)} ({BenchReport.MiB(peak - baseline)} above the {BenchReport.MiB(baseline)} before the run; {BenchReport.MiB(after)} after it)");
        List<string[]> rows = [["round", "wall", "training", "outside training"]];
        foreach (var round in result.Rounds)
        {
            var (roundWall, training) = (TimeSpan.FromSeconds(round.WallSeconds), TimeSpan.FromSeconds(round.TrainSeconds));
            rows.Add([round.Round.ToString(BenchReport.Culture), BenchReport.Ms(roundWall), BenchReport.Ms(training), BenchReport.Ms(roundWall - training)]);
        }

        report.Table(rows);
        var outside = result.Rounds.Average(r => r.WallSeconds - r.TrainSeconds);
        report.Figure("per-round time outside training (mean)", $"{BenchReport.F(outside * 1000, 0)} ms");
        report.Figure("whole run (start-up, registering every client, rounds, final evaluation, shutdown)", BenchReport.Ms(wall));
    }
}
