using System.Diagnostics;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Runtime overhead: the wall time of a ScaleFL simulation on the actor runtime (one ActorSystem,
/// server, mentor, harmonizer and a device actor per client; start-up and shutdown included)
/// divided by the same work in a plain loop (<see cref="PlainLoop"/>). Both sides evaluate
/// identically; trainings run one at a time on both, so the ratio is the runtime's cost alone.
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
            $"evaluation ({TestSamples} test images per round and at the end) included on both sides");

        // A throwaway round warms libtorch and the JIT, so neither side pays for first calls.
        PlainLoop.Run(run.Settings with { Rounds = 1, ClientsPerRound = 1 });

        var plain = PlainLoop.Run(run.Settings);
        var watch = Stopwatch.StartNew();
        var result = SimulationHost.RunAsync(new SimulationOptions { Driver = run.Settings, MaxConcurrentTraining = 1 }).GetAwaiter().GetResult();
        var actors = watch.Elapsed;

        var roundsWall = TimeSpan.FromSeconds(result.Rounds.Sum(r => r.WallSeconds));
        var actorTraining = TimeSpan.FromSeconds(result.Rounds.Sum(r => r.TrainSeconds));
        report.Figure("overhead ratio (actor wall / plain loop wall)", $"{BenchReport.F(actors / plain.Total, 3)} (target <= 1.05)");
        report.Figure("actor wall / plain training only", BenchReport.F(actors / plain.Training, 3));
        report.Table(
        [
            ["", "wall", "training", "evaluation", "start-up, final eval, shutdown", "rounds"],
            ["plain loop", BenchReport.Ms(plain.Total), BenchReport.Ms(plain.Training), BenchReport.Ms(plain.Evaluation), "-", plain.Rounds.ToString(BenchReport.Culture)],
            ["actors", BenchReport.Ms(actors), BenchReport.Ms(actorTraining) + " (in devices)", "in rounds", BenchReport.Ms(actors - roundsWall), result.Rounds.Count.ToString(BenchReport.Culture)],
        ]);
        var messaging = roundsWall - actorTraining - plain.RoundEvaluation;
        report.Figure(
            "actor time in rounds outside training and evaluation",
            $"{BenchReport.Ms(messaging)} over {result.Rounds.Count} rounds ({BenchReport.Ms(messaging / Math.Max(1, result.Rounds.Count))} per round: planning, messages, aggregation, weight extraction)");
    }
}
