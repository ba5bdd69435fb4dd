using System.CommandLine;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl sweep</c>: runs one method for every combination of a grid of settings on the same
/// clients, writes <c>sweep.csv</c> and <c>sweep.md</c> and prints the points best first.
/// </summary>
internal static class SweepCommand
{
    private const string GridHelp =
        "Settings to sweep: FIELD=ALT|ALT|...;FIELD=... Every combination runs. lambda1/lambda2 take one comma list per " +
        "alternative (alternatives split by |); lr, momentum, weight-decay, batch-size, local-epochs, rounds, per-round, output-lr-scale split " +
        "alternatives by , or |; schedule, partition, budgets, hsic-bandwidth, stand-ins by |. " +
        "Example: \"lambda1=0.5,0.3,0.1,0.05|0.2,0.2,0.2,0.2;lr=0.01,0.05\" runs 4 points.";

    public static Command Create()
    {
        var flags = new ExperimentFlags(simulated: true);
        var grid = new Option<string>("--grid") { Description = GridHelp, Required = true };
        var target = new Option<double>("--target-accuracy") { Description = "Accuracy whose first round is reported, 0..1 (default 0.7).", DefaultValueFactory = _ => 0.7 };
        var command = new Command(
            "sweep",
            "Run one method (default scalefl; --method) for every combination of --grid on the same clients; writes sweep.csv and sweep.md sorted by final accuracy.");
        flags.AddTo(command);
        command.Options.Add(grid);
        command.Options.Add(target);
        Interruption.SetCancellableAction(command, (parse, ct) =>
        {
            var options = flags.Resolve(parse);
            return Run(options with { Name = options.Name ?? $"sweep-{options.Method}-{options.Dataset}-seed{options.Seed}" }, parse.GetValue(grid)!, parse.GetValue(target), ct);
        });
        return command;
    }

    private static int Run(ExperimentOptions options, string gridText, double targetAccuracy, CancellationToken ct)
    {
        var grid = SweepGrid.Parse(gridText);
        var methods = ExperimentValidator.MethodList(ExperimentValidator.Validate(options));
        if (methods.Count != 1)
        {
            throw new ExperimentException($"method: a sweep runs one method, got '{options.Method}'.");
        }

        var points = grid.Points(options);
        foreach (var point in points)
        {
            ExperimentInputs.Check(ExperimentValidator.Validate(point.Options));
        }

        // Made (and proved writable) by RunFolder.Prepare, which removes it again when a refused run leaves it empty.
        var folder = OutputPaths.FullPath("out", Path.Combine(options.OutputDirectory, options.RunName));
        using var locks = RunFolder.Prepare(points.Select(point => RunFolder.PathOf(PointFolder(point, folder), methods[0])), folder);
        if (!options.Resume)
        {
            // Its table is a finished sweep's result too.
            EarlierRun.RefuseOverwrite(folder);
        }
        else
        {
            EarlierRun.RefuseLeavingOut(
                folder, [.. points.Select(point => PointFolder(point, folder).RunName)], name => name.StartsWith("point-", StringComparison.Ordinal), "--grid");
        }

        // Every point's folder is read before any data is loaded and anything is written or said, as
        // compare does: a point that cannot be resumed stops the sweep with its table as it was.
        var found = points.ToDictionary(point => point.Index, point => ResumedMethod.Read(PointFolder(point, folder), methods[0], readBack: true));
        foreach (var point in points)
        {
            found[point.Index].Report(PointFolder(point, folder), methods[0]);
        }

        var console = new RunConsole(options.Quiet);
        var rows = new List<SweepRow>();
        foreach (var point in points)
        {
            console.Info($"Point {point.Index}/{points.Count}: {point.Label}");
            var pointOptions = PointFolder(point, folder);
            using var setup = ExperimentSetup.Prepare(point.Options, MemoryCalibration.Model());
            var resumed = found[point.Index];
            var (_, row) = resumed.Finished is { } finished
                ? MethodRunner.Finished(setup, methods[0], targetAccuracy, finished)
                : MethodRunner.Run(setup, pointOptions, methods[0], targetAccuracy, console, resumed.From, ct, resumed.Earlier);
            rows.Add(new SweepRow(point, row));
            // The table so far after every point: a sweep stopped later keeps it.
            var done = rows.Count < points.Count ? $"; {rows.Count} of {points.Count} points done" : string.Empty;
            var title = $"Sweep of {methods[0]} on {options.Dataset}, {options.Clients} clients, {options.Partition}, seed {options.Seed}{done}";
            AtomicFile.WriteAllText(Path.Combine(folder, "sweep.md"), SweepReport.ToMarkdown(rows, targetAccuracy, title));
            AtomicFile.WriteAllText(Path.Combine(folder, "sweep.csv"), SweepReport.ToCsv(rows));
        }

        CompareCommand.Print(["#", "settings", .. ComparisonReport.Columns(targetAccuracy)], SweepReport.Ranked(rows).Select(SweepReport.Cells));
        console.Info($"Wrote {Path.Combine(folder, "sweep.md")} and sweep.csv.");
        return 0;
    }

    private static ExperimentOptions PointFolder(SweepPoint point, string folder) =>
        point.Options with { OutputDirectory = folder, Name = $"point-{point.Index}" };
}
