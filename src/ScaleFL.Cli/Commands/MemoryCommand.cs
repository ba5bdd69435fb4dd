using System.CommandLine;
using System.Diagnostics;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using Spectre.Console;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl memory</c>: the per-stage training-memory table of a model, from the probed memory
/// model and, with <c>--measure</c>, from real training steps in one child process per row.
/// </summary>
internal static class MemoryCommand
{
    private const double MiB = 1024.0 * 1024.0;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model name.", DefaultValueFactory = _ => ModelCatalog.Default };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var harmonizer = new Option<bool>("--no-harmonizer") { Description = "Stages train only their own block (no co-adapted tail)." };
        var measure = new Option<bool>("--measure") { Description = "Also measure peak resident memory of real training steps, one child process per row." };
        var steps = new Option<int>("--steps") { Description = "Training steps per measurement.", DefaultValueFactory = _ => MemoryProbeRequest.DefaultSteps };
        var command = new Command("memory", "Print the training memory each stage of a model needs, against the full model.")
        {
            model, batch, harmonizer, measure, steps,
        };
        command.SetAction(parse => CommandErrors.Guard(() => Run(
            parse.GetValue(model)!, parse.GetValue(batch), !parse.GetValue(harmonizer), parse.GetValue(measure), parse.GetValue(steps))));
        return command;
    }

    private static int Run(string modelName, int batchSize, bool harmonizer, bool measure, int steps)
    {
        if (!ModelCatalog.Names.Contains(modelName))
        {
            throw new ExperimentException($"model: '{modelName}' is not allowed; allowed: {string.Join(", ", ModelCatalog.Names)}.");
        }

        if (batchSize < 1 || steps < 1)
        {
            throw new ExperimentException("batch-size and steps must be at least 1.");
        }

        using var model = ModelInputs.Create(modelName);
        var table = MemoryTable.Build(new ProbedMemoryModel(), model, batchSize, OptimizerKind.SgdMomentum, harmonizer);
        var output = new Table().Border(TableBorder.Markdown).AddColumns(
            "stage", "weights", "grads", "optimizer", "activations", "transient", "total", "of full");
        if (measure)
        {
            output.AddColumns("est. w/o weights", "measured");
        }

        var full = table.Rows.Single(row => row.Stage == MemoryProbeRequest.FullModel).TotalMiB;
        foreach (var row in table.Rows)
        {
            var cells = new List<string>
            {
                row.Label, F(row.WeightMiB), F(row.GradientMiB), F(row.OptimizerStateMiB), F(row.ActivationMiB),
                F(row.TransientMiB), F(row.TotalMiB), $"{row.TotalMiB / full:P0}",
            };
            if (measure)
            {
                var request = new MemoryProbeRequest(modelName, row.Stage, batchSize, harmonizer, steps);
                cells.Add(F(row.TotalMiB - row.WeightMiB));
                cells.Add(F(MeasureInChild(request).Measurement.PeakAboveBaselineBytes / MiB));
            }

            output.AddRow(cells.ToArray());
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelName)}[/] input {ModelInputs.DefaultFor(modelName)}, batch {batchSize}, SGD with momentum, harmonizer {(harmonizer ? "on" : "off")}; MiB");
        AnsiConsole.Write(output);
        return 0;
    }

    private static MemoryProbeResult MeasureInChild(MemoryProbeRequest request)
    {
        // Resident memory is process-wide: a fresh process per row keeps earlier rows' allocations out.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot locate the scalefl executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MemoryCommand).Assembly.Location);
        }

        start.ArgumentList.Add(MemoryProbeCommand.Name);
        foreach (var argument in request.ToArgs())
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Memory probe for {request.ModelName} stage {request.Stage} failed: {stderr.Trim()}");
        }

        return MemoryProbeResult.FromOutput(stdout.Result);
    }

    private static string F(double value) => value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
