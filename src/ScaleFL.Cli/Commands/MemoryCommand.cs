using System.CommandLine;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using Spectre.Console;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl memory</c>: the per-stage training-memory table of a model, by kind, from the
/// probed memory model (with the framework's fixed cost measured once in a child and cached)
/// and, with <c>--measure</c>, the peak of real training steps in one child process per row
/// beside it, and their ratio.
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

        // The framework's fixed cost is measured in a fresh child before anything here trains.
        var cache = MeasurementCache.Default();
        var framework = MemoryProbeChild.FrameworkBytes(cache);
        using var model = ModelInputs.Create(modelName);
        var table = MemoryTable.Build(new ProbedMemoryModel(frameworkBytes: framework), model, batchSize, OptimizerKind.SgdMomentum, harmonizer);
        var output = new Table().Border(TableBorder.Markdown).AddColumns(
            "stage", "weights", "grads", "optimizer", "activations", "backward", "transient", "framework", "estimate", "of full");
        if (measure)
        {
            output.AddColumns("measured", "est./meas.");
        }

        var full = table.Rows.Single(row => row.Stage == MemoryProbeRequest.FullModel).TotalMiB;
        foreach (var row in table.Rows)
        {
            var cells = new List<string>
            {
                row.Label, F(row.WeightMiB), F(row.GradientMiB), F(row.OptimizerStateMiB), F(row.ActivationMiB),
                F(row.BackwardMiB), F(row.TransientMiB), F(row.FrameworkMiB), F(row.TotalMiB), $"{row.TotalMiB / full:P0}",
            };
            if (measure)
            {
                // Measured afresh, not from the cache: this is the check of the estimate.
                var request = new MemoryProbeRequest(modelName, row.Stage, batchSize, harmonizer, steps);
                var measured = MemoryProbeChild.Measure(request).Measurement.PeakAboveBaselineBytes / MiB;
                cells.Add(F(measured));
                cells.Add((row.TotalMiB / measured).ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            }

            output.AddRow(cells.ToArray());
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(modelName)}[/] input {ModelInputs.DefaultFor(modelName)}, batch {batchSize}, SGD with momentum, harmonizer {(harmonizer ? "on" : "off")}; MiB");
        if (measure)
        {
            AnsiConsole.MarkupLine("measured: resident peak of a fresh process over the training steps, minus its resident memory before the model was built");
        }

        AnsiConsole.Write(output);
        return 0;
    }

    private static string F(double value) => value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
