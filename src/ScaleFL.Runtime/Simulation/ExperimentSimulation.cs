using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Runtime.Simulation;

/// <summary>
/// Runs one method of an <see cref="ExperimentSetup"/> with the engine its options name: the
/// actor runtime (<see cref="SimulationHost"/>) or the plain in-process driver.
/// </summary>
public static class ExperimentSimulation
{
    /// <summary>Runs <paramref name="method"/>; <paramref name="progress"/> sees every round.</summary>
    public static async Task<RunResult> RunAsync(
        ExperimentSetup setup, string method, Action<RoundMetrics>? progress, CancellationToken ct)
    {
        var options = setup.Options;
        if (options.Engine == "inline")
        {
            return await Task.Run(() => setup.Run(method, progress, ct), ct).ConfigureAwait(false);
        }

        var simulation = new SimulationOptions
        {
            Driver = setup.DriverSettings(method, null),
            OverCommit = options.OverCommit,
            RoundDeadline = TimeSpan.FromSeconds(options.DeadlineSeconds),
            SecondsPerStep = options.SecondsPerStep,
            CacheBlocks = options.CacheBlocks,
            ModelName = options.Model,
            Faults = options.FaultsFile is { } faults ? FaultPlanFile.Load(faults, options.Clients) : FaultPlan.None,
            Progress = progress is null ? null : round => progress(round.ToRoundMetrics()),
        };
        var result = await SimulationHost.RunAsync(simulation, ct).ConfigureAwait(false);
        return result.ToRunResult();
    }
}
