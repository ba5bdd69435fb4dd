using System.Diagnostics;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Runtime overhead: the wall time of a ScaleFL simulation on the actor runtime (one ActorSystem,
/// server, mentor, harmonizer and a device actor per client; start-up and shutdown included)
/// divided by the same work in a plain loop (<see cref="PlainLoop"/>). Both sides evaluate
/// identically; trainings run one at a time on both, so the ratio is the runtime's cost alone.
/// One untimed pass of each side comes first, then timed passes alternate (plain, actors), so a
/// burst of load from other processes or a late warm-up cannot land on one side only. Process CPU
/// time is shown beside wall time: on a shared machine it is the steadier of the two.
/// </summary>
internal static class OverheadBench
{
    private const int TestSamples = 256;

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Runtime overhead");
        using var run = new BenchRun(
            sizes.OverheadClients, sizes.OverheadPerRound, sizes.OverheadRounds, sizes.OverheadSamplesPerClient, sizes.OverheadBatchSize, TestSamples);
        var batches = (sizes.OverheadSamplesPerClient + sizes.OverheadBatchSize - 1) / sizes.OverheadBatchSize;
        report.Note(
            $"scalefl on {BenchRun.ModelName}, synthetic 28x28, {sizes.OverheadClients} clients, {sizes.OverheadPerRound} per round, " +
            $"{sizes.OverheadRounds} rounds, {batches} batches of {sizes.OverheadBatchSize} per client; one training at a time on both sides; " +
            $"evaluation ({TestSamples} test images per round and at the end) included on both sides; one untimed pass of each side, " +
            $"then {sizes.OverheadPairs} alternating timed pairs (plain, actors); median pair shown");

        Plain(run);
        Actors(run);
        var pairs = Enumerable.Range(0, sizes.OverheadPairs).Select(_ => (Plain: Plain(run), Actors: Actors(run))).ToList();
        var median = pairs.OrderBy(p => p.Actors.Wall / p.Plain.Wall).ElementAt(pairs.Count / 2);
        var (plain, actors) = median;
        report.Figure("overhead ratio (actor wall / plain loop wall), median pair", $"{BenchReport.F(actors.Wall / plain.Wall, 3)} (target <= 1.05)");
        report.Figure("every pair, wall ratio", string.Join(", ", pairs.Select(p => BenchReport.F(p.Actors.Wall / p.Plain.Wall, 3))));
        report.Figure("every pair, process CPU time ratio", string.Join(", ", pairs.Select(p => BenchReport.F(p.Actors.Cpu / p.Plain.Cpu, 3))));
        report.Table(
        [
            ["", "wall", "process CPU", "training", "evaluation", "start-up, final eval, shutdown", "rounds"],
            ["plain loop", BenchReport.Ms(plain.Wall), BenchReport.Ms(plain.Cpu), BenchReport.Ms(plain.Timing!.Training), BenchReport.Ms(plain.Timing.Evaluation), "-",
                plain.Timing.Rounds.ToString(BenchReport.Culture)],
            ["actors", BenchReport.Ms(actors.Wall), BenchReport.Ms(actors.Cpu), BenchReport.Ms(actors.Training) + " (in devices)", "in rounds",
                BenchReport.Ms(actors.Wall - actors.RoundsWall), actors.Rounds.ToString(BenchReport.Culture)],
        ]);
        var messaging = actors.RoundsWall - actors.Training - plain.Timing.RoundEvaluation;
        report.Figure(
            "actor time in rounds outside training and evaluation",
            $"{BenchReport.Ms(messaging)} over {actors.Rounds} rounds ({BenchReport.Ms(messaging / Math.Max(1, actors.Rounds))} per round: planning, messages, aggregation, weight extraction)");
    }

    private static Pass Plain(BenchRun run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        // On a thread-pool thread like the devices' trainings: the same OpenMP team set-up on both sides.
        var timing = Task.Run(() => PlainLoop.Run(run.Settings)).GetAwaiter().GetResult();
        return new Pass(watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, timing.Training, TimeSpan.Zero, timing.Rounds, timing);
    }

    private static Pass Actors(BenchRun run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = SimulationHost.RunAsync(new SimulationOptions { Driver = run.Settings, MaxConcurrentTraining = 1 }).GetAwaiter().GetResult();
        var wall = watch.Elapsed;
        return new Pass(
            wall, Process.GetCurrentProcess().TotalProcessorTime - cpu, TimeSpan.FromSeconds(result.Rounds.Sum(r => r.Metrics.TrainSeconds)),
            TimeSpan.FromSeconds(result.Rounds.Sum(r => r.Metrics.WallSeconds)), result.Rounds.Count, null);
    }

    private sealed record Pass(TimeSpan Wall, TimeSpan Cpu, TimeSpan Training, TimeSpan RoundsWall, int Rounds, PlainLoop.Timing? Timing);
}
