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
        var command = new Command("simulate", "Simulate federated training in one process and compare methods under client memory budgets.");
        flags.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CommandErrors.Guard(() => Run(flags.Resolve(parse), ct))));
        return command;
    }

    private static int Run(ExperimentOptions options, CancellationToken ct)
    {
        var methods = ExperimentValidator.MethodList(ExperimentValidator.Validate(options));
        var console = new RunConsole(options.Quiet);
        // Everything that can refuse the run does so before the data is loaded: folders, then checkpoints.
        foreach (var method in methods)
        {
            RunFolder.Prepare(options, method);
        }

        var resumes = methods.ToDictionary(
            method => method,
            method => options.Resume ? ResumePoint.Load(options, method, warning => Console.Error.WriteLine($"scalefl: {warning}")) : null);
        var pending = methods.Where(method => resumes[method] is not { } resume || !CompletedRun.Report(options, method, resume)).ToList();
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
            var resume = resumes[method];
            if (resume is not null)
            {
                console.Info($"{method}: resuming after round {resume.Round} from {checkpointPath}");
            }

            var progress = console.Progress(method, options.Rounds);
            // Rows reach metrics.csv as rounds finish, so an interrupted run leaves what it did.
            // So do the faults (rows of rounds before this process's first stay).
            var result = ExperimentSimulation.RunAsync(
                    setup, method, round => { RunFolder.AppendRound(folder, round); progress(round); }, ct, checkpointPath, resume,
                    faults => RunFolder.RecordFaults(folder, (resume?.Round ?? 0) + 1, faults))
                .GetAwaiter().GetResult();
            clock.Stop();
            if (resume is not null && result.Rounds.Count == 0 && ResumePoint.FinishedAfter(options, method, resume.Round))
            {
                // The schedule had ended before --rounds: the finished run's files stay as they are.
                console.Info($"{method}: the run in {folder} is already complete (round {resume.Round}); nothing changed.");
                continue;
            }

            RunFolder.Write(options, method, result, clock.Elapsed.TotalSeconds);
            rows.Add(ResultRow.From(method, result, clock.Elapsed.TotalSeconds, folder));
        }

        if (rows.Count > 0)
        {
            RunConsole.Table(rows);
        }

        return 0;
    }
}
