using System.CommandLine;
using System.Diagnostics;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl simulate</c>: runs one or more methods on the same simulated clients (same seed,
/// partition and memory budgets), writes each method's run folder and prints a results table.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var flags = new ExperimentFlags(simulated: true);
        var spread = new WorkerFlags();
        var command = new Command("simulate", "Simulate federated training (in one process, or over worker processes) and compare methods under client memory budgets.");
        flags.AddTo(command);
        spread.AddTo(command);
        Interruption.SetCancellableAction(command, (parse, ct) =>
        {
            var options = flags.Resolve(parse);
            return Run(options, spread.Resolve(parse, options), ct);
        });
        return command;
    }

    private static int Run(ExperimentOptions options, WorkerFlags.Spread? spread, CancellationToken ct)
    {
        var methods = ExperimentValidator.MethodList(ExperimentInputs.Check(ExperimentValidator.Validate(options)));
        if (spread is { External: true } && methods.Count > 1)
        {
            throw new ExperimentException($"expect-workers: workers started by hand serve one run; give one --method (got '{options.Method}'), or use --workers K.");
        }

        var console = new RunConsole(options.Quiet);
        // Everything that can refuse the run does so before the data is loaded: folders, then checkpoints.
        using var locks = RunFolder.Prepare(methods.Select(method => RunFolder.PathOf(options, method)));

        var found = methods.ToDictionary(method => method, method => ResumedMethod.Read(options, method, readBack: true));
        foreach (var method in methods)
        {
            found[method].Report(options, method);
        }

        var pending = methods.Where(method => !found[method].Complete).ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        console.Info($"Loading {options.Dataset} and preparing {options.Clients} clients ({options.Partition}, budgets {options.Budgets})...");
        using var setup = ExperimentSetup.Prepare(options, MemoryCalibration.Model());
        console.Info($"Full-model training footprint {setup.FullModelFootprint.TotalMiB:F1} MiB at batch {options.BatchSize}; " +
            $"{setup.Clients.Count(c => c.MemoryBudgetBytes >= setup.FullModelFootprint.TotalBytes)} of {setup.Clients.Count} clients can train it whole.");

        var rows = new List<ResultRow>();
        foreach (var method in pending)
        {
            var clock = Stopwatch.StartNew();
            var folder = RunFolder.PathOf(options, method);
            var checkpointPath = RunFolder.CheckpointPathOf(options, method);
            var resume = found[method].From;
            if (resume is not null)
            {
                CompletedRun.SayResuming(options, method, resume);
            }

            var progress = console.Progress(method, options.Rounds);
            // Rows reach metrics.csv as rounds finish, so an interrupted run leaves what it did.
            // So do the faults (rows of rounds before this process's first stay).
            var result = RunMethodAsync(setup, method, spread, console, round => { RunFolder.AppendRound(folder, round); progress(round); }, checkpointPath, resume, folder, ct)
                .GetAwaiter().GetResult();
            clock.Stop();
            var rebuilt = false;
            if (resume is not null && result.Rounds.Count == 0 && FinishedRun.Settle(options, method, resume, result, text => { rebuilt = true; MethodRunner.Notice(text); }) is not null)
            {
                // The run had finished (its schedule may end before --rounds): its files stay as they are, a lost final.ckpt aside.
                CompletedRun.Say(options, method, resume.Round, rebuilt ? "final.ckpt rebuilt, nothing else changed" : null);
                continue;
            }

            RunFolder.Write(options, method, result, clock.Elapsed.TotalSeconds);
            // The table reports the whole run, as an uninterrupted one would: earlier processes' rounds and time included.
            var earlier = found[method].Earlier ?? [];
            rows.Add(ResultRow.From(method, result with { Rounds = [.. earlier, .. result.Rounds] }, earlier.Sum(round => round.WallSeconds) + clock.Elapsed.TotalSeconds, folder));
        }

        if (rows.Count > 0)
        {
            RunConsole.Table(rows);
        }

        return 0;
    }

    /// <summary>One method, in this process or with its devices on workers (a cluster per method: the workers exit with the run).</summary>
    private static async Task<Core.Simulation.RunResult> RunMethodAsync(
        ExperimentSetup setup, string method, WorkerFlags.Spread? spread, RunConsole console, Action<Core.Simulation.RoundMetrics> progress,
        string checkpointPath, Core.Checkpoints.Checkpoint? resume, string folder, CancellationToken ct)
    {
        Action<Core.Faults.FaultReport> faults = report => RunFolder.RecordFaults(folder, (resume?.Round ?? 0) + 1, report);
        RunFolder.StartFaults(folder, setup.Options.FaultsFile is not null && resume is null);
        var recorded = resume is null ? null : RunFolder.ReadFaults(folder);
        if (spread is null)
        {
            return await ExperimentSimulation.RunAsync(setup, method, progress, ct, checkpointPath, resume, faults, recordedFaults: recorded);
        }

        var experiment = ExperimentSpec.Of(setup.Options with { Method = method }, setup.Train.Shape, setup.Train.ClassCount);
        await using var cluster = await WorkerCluster.StartAsync(
            spread.Node, spread.Workers, spread.External ? 0 : spread.Workers, spread.JoinSecret, experiment,
            new WorkerCluster.LocalWorkerFlags(setup.Options.DataPath, setup.Options.ComputeDevice), console, ct);
        var result = await ExperimentSimulation.RunAsync(setup, method, progress, ct, checkpointPath, resume, faults, cluster.Placement, recorded);
        cluster.Finished = true;
        return result;
    }
}
