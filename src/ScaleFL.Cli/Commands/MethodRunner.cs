using System.Diagnostics;
using ScaleFL.Cli.Reports;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>Runs one method of a setup and writes its run folder, with <c>hsic.csv</c> when the plane was recorded.</summary>
internal static class MethodRunner
{
    public static (MethodRun Run, ComparisonRow Row) Run(
        ExperimentSetup setup, ExperimentOptions folderOptions, string method, double targetAccuracy, RunConsole console, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var result = ExperimentSimulation.RunAsync(setup, method, console.Progress(method, setup.Options.Rounds), ct).GetAwaiter().GetResult();
        clock.Stop();
        var folder = RunFolder.Write(folderOptions, method, result, clock.Elapsed.TotalSeconds);
        HsicFile.Write(folder, result.Rounds);
        var peak = TrainingMemory.PeakBytes(setup, method, result.Rounds.Select(round => round.Stage), result.Rounds.SelectMany(round => round.Participants).ToHashSet());
        var row = ComparisonRow.From(method, result, setup.Clients.Count, targetAccuracy, peak, clock.Elapsed.TotalSeconds);
        return (new MethodRun(method, result), row);
    }
}
