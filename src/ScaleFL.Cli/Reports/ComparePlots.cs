using ScaleFL.Core.Experiments;
using ScottPlot;

namespace ScaleFL.Cli.Reports;

/// <summary>
/// The PNG figures of a comparison, each readable on its own (title, axis labels, legend):
/// accuracy per round, training memory against the client budgets, participation, and each
/// block's trajectory in the nHSIC plane (the paper's Figure 3).
/// </summary>
internal static class ComparePlots
{
    public const int Width = 900;
    public const int Height = 600;
    private const double Mib = 1024.0 * 1024.0;

    /// <summary>Writes every figure into <paramref name="folder"/> and returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(string folder, ExperimentSetup setup, IReadOnlyList<MethodRun> runs)
    {
        var paths = new List<string>
        {
            Accuracy(Path.Combine(folder, "accuracy.png"), runs),
            Memory(Path.Combine(folder, "memory.png"), TrainingMemory.Stages(setup), setup.FullModelFootprint.TotalBytes, setup.Clients.Select(c => c.MemoryBudgetBytes).ToList()),
            Participation(Path.Combine(folder, "participation.png"), runs, setup.Clients.Count),
        };
        foreach (var run in runs.Where(run => run.Result.Rounds.Any(round => round.HsicPoints.Count > 0)))
        {
            paths.Add(HsicPlane(Path.Combine(folder, $"hsic-{run.Method}.png"), run));
        }

        return paths;
    }

    public static string Accuracy(string path, IReadOnlyList<MethodRun> runs)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            var rounds = run.Result.Rounds;
            var line = plot.Add.Scatter(rounds.Select(r => (double)r.Round).ToArray(), rounds.Select(r => r.Accuracy * 100).ToArray());
            line.LegendText = $"{run.Method} (final {run.Result.FinalEvaluation.Accuracy:P1})";
            line.MarkerSize = 4;
        }

        plot.Title("Test accuracy per round (stage trained that round)");
        plot.XLabel("round");
        plot.YLabel("accuracy (%)");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, path);
    }

    /// <summary>Client budgets as a histogram, with each stage's footprint and the full model's as vertical lines.</summary>
    public static string Memory(string path, IReadOnlyList<StageMemory> stages, long fullModelBytes, IReadOnlyList<long> budgets)
    {
        var plot = new Plot();
        var values = budgets.Select(b => b / Mib).ToArray();
        var (low, high) = (Math.Min(values.Min(), 0), Math.Max(values.Max(), fullModelBytes / Mib) * 1.05);
        const int binCount = 20;
        var width = (high - low) / binCount;
        var counts = new double[binCount];
        foreach (var value in values)
        {
            counts[Math.Clamp((int)((value - low) / width), 0, binCount - 1)]++;
        }

        var bars = plot.Add.Bars(Enumerable.Range(0, binCount).Select(i => low + ((i + 0.5) * width)).ToArray(), counts);
        bars.LegendText = $"client budgets ({budgets.Count} clients)";
        bars.Color = Colors.LightGray;
        foreach (var bar in bars.Bars)
        {
            bar.Size = width * 0.95;
        }

        var palette = new ScottPlot.Palettes.Category10();
        foreach (var stage in stages)
        {
            var line = plot.Add.VerticalLine(stage.CoAdaptedBytes / Mib, 2, palette.GetColor(stage.Stage));
            var fits = budgets.Count(b => b >= stage.CoAdaptedBytes);
            line.LegendText = $"block {stage.Stage + 1} training: {stage.CoAdaptedBytes / Mib:F1} MiB ({Clients(fits)} fit)";
        }

        var full = plot.Add.VerticalLine(fullModelBytes / Mib, 3, Colors.Black, LinePattern.Dashed);
        full.LegendText = $"full model training: {fullModelBytes / Mib:F1} MiB ({Clients(budgets.Count(b => b >= fullModelBytes))} fit)";
        plot.Title("Training memory per block (with harmonizer) against the full model");
        plot.XLabel("memory (MiB)");
        plot.YLabel("clients with this budget");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, path);
    }

    /// <summary>Eligible (solid) and completed (dashed) clients per round, per method.</summary>
    public static string Participation(string path, IReadOnlyList<MethodRun> runs, int clientCount)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < runs.Count; i++)
        {
            var rounds = runs[i].Result.Rounds;
            var xs = rounds.Select(r => (double)r.Round).ToArray();
            var eligible = plot.Add.Scatter(xs, rounds.Select(r => (double)r.Eligible).ToArray(), palette.GetColor(i));
            eligible.LegendText = $"{runs[i].Method}: eligible";
            var completed = plot.Add.Scatter(xs, rounds.Select(r => (double)r.Completed).ToArray(), palette.GetColor(i));
            completed.LegendText = $"{runs[i].Method}: completed";
            completed.LinePattern = LinePattern.Dashed;
            completed.MarkerSize = 0;
        }

        plot.Title($"Clients per round: eligible for the round's stage and completed ({clientCount} clients)");
        plot.XLabel("round");
        plot.YLabel("clients");
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    /// <summary>Each block's path through the (nHSIC(X;Z), nHSIC(Y;Z)) plane over the rounds it was measured.</summary>
    public static string HsicPlane(string path, MethodRun run)
    {
        var plot = new Plot();
        var trajectory = HsicFile.Trajectory(run.Result.Rounds);
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var stage in trajectory.Rows.Select(row => row.Point.Stage).Distinct().Order())
        {
            var rows = trajectory.ForStage(stage);
            var line = plot.Add.Scatter(
                rows.Select(row => row.Point.InputInformation).ToArray(), rows.Select(row => row.Point.LabelInformation).ToArray(), palette.GetColor(stage));
            line.LegendText = $"block {stage + 1} (rounds {rows[0].Round}-{rows[^1].Round})";
            line.MarkerSize = 5;
            var end = plot.Add.Marker(rows[^1].Point.InputInformation, rows[^1].Point.LabelInformation, MarkerShape.FilledSquare, 10, palette.GetColor(stage));
            end.LegendText = string.Empty;
        }

        plot.Title($"{run.Method}: blocks in the nHSIC plane over rounds (square = last round)");
        plot.XLabel("nHSIC(X; Z)  (input kept)");
        plot.YLabel("nHSIC(Y; Z)  (label information)");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, path);
    }

    private static string Clients(int count) => count == 1 ? "1 client" : $"{count} clients";

    private static string Save(Plot plot, string path)
    {
        Core.Files.AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
        return path;
    }
}
