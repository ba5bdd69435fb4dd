using System.CommandLine;
using ScaleFL.Cli.Reports;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using Spectre.Console;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl compare</c>: runs several methods on the same clients (seed, partition, budgets),
/// writes <c>compare.md</c>, <c>compare.csv</c> and the plots into <c>runs/&lt;name&gt;/</c>
/// beside each method's run folder, and prints the table. The table and plots are rewritten after
/// every method, and each method keeps its run folder and checkpoint as <c>simulate</c> does, so
/// <c>--resume</c> continues a stopped comparison: finished methods are read back, not retrained.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Methods compared when <c>--methods</c> is absent.</summary>
    public const string DefaultMethods = "scalefl,scalefl+elastic,sbt,scalefl-no-mentor,scalefl-no-harmonizer,fedavg-exclusive,fedavg-all,heterofl,fedrolex,depthfl";

    public static Command Create()
    {
        var flags = new ExperimentFlags(simulated: true);
        var target = new Option<double>("--target-accuracy") { Description = "Accuracy whose first round is reported, 0..1 (default 0.7).", DefaultValueFactory = _ => 0.7 };
        var hsic = new Option<bool>("--hsic-plane") { Description = "Record each block's point in the nHSIC plane after every round, for hsic.csv and the plane plots (default true).", DefaultValueFactory = _ => true };
        var command = new Command(
            "compare",
            $"Run several methods on the same clients and write compare.md, compare.csv and PNG plots (accuracy, memory, participation, nHSIC plane). Without --methods: {DefaultMethods}.");
        flags.AddTo(command);
        command.Options.Add(target);
        command.Options.Add(hsic);
        Interruption.SetCancellableAction(command, (parse, ct) =>
        {
            var options = flags.Resolve(parse);
            options = options with
            {
                Method = flags.MethodGiven(parse) ? options.Method : DefaultsFor(options.Model),
                RecordHsicPlane = parse.GetValue(hsic),
            };
            return Run(options with { Name = options.Name ?? $"compare-{options.Dataset}-seed{options.Seed}" }, parse.GetValue(target), ct);
        });
        return command;
    }

    /// <summary>The default methods; the width-scaled ones only for a model they can slice.</summary>
    private static string DefaultsFor(string model) => ModelCatalog.WidthSliceable.Contains(model)
        ? DefaultMethods
        : string.Join(",", DefaultMethods.Split(',').Where(method => !MethodCatalog.IsWidthScaled(method)));

    private static int Run(ExperimentOptions options, double targetAccuracy, CancellationToken ct)
    {
        if (targetAccuracy is < 0 or > 1 || double.IsNaN(targetAccuracy))
        {
            throw new ExperimentException($"target-accuracy: {targetAccuracy} is not a share between 0 and 1, e.g. 0.7.");
        }

        var methods = ExperimentValidator.MethodList(ExperimentInputs.Check(ExperimentValidator.Validate(options)));
        // Made (and proved writable) by RunFolder.Prepare, which removes it again when a refused run leaves it empty.
        var folder = OutputPaths.FullPath("out", Path.Combine(options.OutputDirectory, options.RunName));
        using var locks = RunFolder.Prepare(methods.Select(method => RunFolder.PathOf(options, method)), folder);
        if (!options.Resume)
        {
            // Its table and plots are a finished comparison's results too.
            EarlierRun.RefuseOverwrite(folder);
        }
        else
        {
            EarlierRun.RefuseLeavingOut(folder, methods, name => MethodCatalog.Names.Contains(MethodVariant.Parse(name).Method), "--methods");
        }

        // Every method's folder is read before the data is loaded and anything is written or said:
        // a folder that cannot be resumed stops the comparison with its table and plots as they were.
        var found = methods.ToDictionary(method => method, method => ResumedMethod.Read(options, method, readBack: true));
        foreach (var method in methods)
        {
            found[method].Report(options, method);
        }

        var console = new RunConsole(options.Quiet);
        console.Info($"Loading {options.Dataset} and preparing {options.Clients} clients ({options.Partition}, budgets {options.Budgets})...");
        using var setup = ExperimentSetup.Prepare(options, MemoryCalibration.Model());

        var runs = new List<MethodRun>();
        var rows = new List<ComparisonRow>();
        var plots = 0;
        foreach (var method in methods)
        {
            var (run, row) = found[method].Finished is { } done
                ? MethodRunner.Finished(setup, method, targetAccuracy, done)
                : MethodRunner.Run(setup, options, method, targetAccuracy, console, found[method].From, ct, found[method].Earlier);
            runs.Add(run);
            rows.Add(row);
            // The table and plots so far, after every method: a comparison stopped later keeps them.
            plots = WriteReport(folder, setup, options, runs, rows, targetAccuracy, methods.Count);
        }

        Print(ComparisonReport.Columns(targetAccuracy), rows.Select(ComparisonReport.Cells));
        console.Info($"Wrote {Path.Combine(folder, "compare.md")}, compare.csv and {plots} plots.");
        return 0;
    }

    private static int WriteReport(
        string folder, ExperimentSetup setup, ExperimentOptions options, List<MethodRun> runs, List<ComparisonRow> rows, double targetAccuracy, int methodCount)
    {
        var done = rows.Count < methodCount ? $"; {rows.Count} of {methodCount} methods done" : string.Empty;
        var title = $"{options.Dataset}, {options.Clients} clients, {options.Partition}, budgets {options.Budgets}, {options.Rounds} rounds, seed {options.Seed}{done}";
        AtomicFile.WriteAllText(Path.Combine(folder, "compare.md"), ComparisonReport.ToMarkdown(rows, targetAccuracy, title));
        AtomicFile.WriteAllText(Path.Combine(folder, "compare.csv"), ComparisonReport.ToCsv(rows));
        return ComparePlots.WriteAll(folder, setup, runs).Count;
    }

    /// <summary>Prints a markdown-bordered table.</summary>
    public static void Print(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Markdown).AddColumns([.. columns.Select(Markup.Escape)]);
        foreach (var cells in rows)
        {
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
    }
}
