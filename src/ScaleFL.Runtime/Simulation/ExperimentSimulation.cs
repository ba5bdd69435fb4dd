using ScaleFL.Core.Checkpoints;
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
    /// <summary>
    /// Runs <paramref name="method"/>; <paramref name="progress"/> sees every round. With
    /// <paramref name="checkpointPath"/> every round is checkpointed there; with
    /// <paramref name="resume"/> the run continues after that checkpoint's round. <paramref name="faultsRecorded"/>
    /// sees the faults so far after each round that added some (the actor engine's fault plans). With
    /// <paramref name="workers"/> the devices run on worker processes (the actor engine only). With <paramref name="resume"/>,
    /// <paramref name="recordedFaults"/> are the faults the run recorded before (its <c>faults.csv</c>): a crash among them
    /// does not fire again (<see cref="SpentFaults"/>), as it would not have in the uninterrupted run.
    /// </summary>
    /// <exception cref="ExperimentException"><paramref name="workers"/> with the inline engine.</exception>
    public static async Task<RunResult> RunAsync(
        ExperimentSetup setup, string method, Action<RoundMetrics>? progress, CancellationToken ct,
        string? checkpointPath = null, Checkpoint? resume = null, Action<FaultReport>? faultsRecorded = null,
        WorkerPlacement? workers = null, FaultReport? recordedFaults = null)
    {
        var options = setup.Options;
        // Both engines get the same round rules; RoundEngine applies them in either.
        var rules = new Func<DriverSettings, DriverSettings>(driver => driver with
        {
            CheckpointPath = checkpointPath,
            Resume = resume,
            OverCommit = options.OverCommit,
            RoundDeadline = TimeSpan.FromSeconds(options.DeadlineSeconds),
            SecondsPerStep = options.SecondsPerStep,
        });
        if (options.Engine == "inline")
        {
            if (workers is not null)
            {
                throw new ExperimentException("engine: devices on worker processes need the actor engine; drop --engine inline or --workers/--expect-workers.");
            }

            var settings = rules(setup.DriverSettings(method, progress));
            return await Task.Run(() => InProcessDriver.Run(settings, ct), ct).ConfigureAwait(false);
        }

        var simulation = new SimulationOptions
        {
            Driver = rules(setup.DriverSettings(method, null)),
            CacheBlocks = options.CacheBlocks,
            ModelName = options.Model,
            Faults = options.FaultsFile is { } faults
                ? SpentFaults.Left(FaultPlanFile.Load(faults, options.Clients, options.Rounds), recordedFaults ?? FaultReport.Empty, resume?.Round ?? 0)
                : FaultPlan.None,
            Progress = progress is null ? null : round => progress(round.Metrics),
            FaultsRecorded = faultsRecorded,
            Workers = workers,
        };
        var result = await SimulationHost.RunAsync(simulation, ct).ConfigureAwait(false);
        return result.ToRunResult();
    }
}
