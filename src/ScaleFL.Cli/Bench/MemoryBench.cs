using ScaleFL.Cli.Commands;
using ScaleFL.Core.Memory;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Per-stage training memory against the full model: the memory model's estimate and the peak
/// resident memory of real training steps, one <c>scalefl memory-probe</c> child per row (the
/// machinery of <c>scalefl memory --measure</c>).
/// </summary>
internal static class MemoryBench
{
    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Memory per stage");
        using var model = ModelInputs.Create(sizes.MemoryModel);
        var table = MemoryTable.Build(new ProbedMemoryModel(), model, sizes.MemoryBatchSize, OptimizerKind.SgdMomentum, harmonizer: true);
        report.Note(
            $"{sizes.MemoryModel}, input {ModelInputs.DefaultFor(sizes.MemoryModel)}, batch {sizes.MemoryBatchSize}, SGD with momentum, harmonizer on; " +
            $"measured = peak RSS above the baseline over {sizes.MemorySteps} steps in a fresh process (weights are loaded before the baseline)");
        var full = table.Rows.Single(row => row.Stage == MemoryProbeRequest.FullModel);
        List<string[]> rows = [["stage", "model total MiB", "model w/o weights MiB", "measured MiB", "model of full", "measured of full"]];
        var measured = table.Rows.ToDictionary(
            row => row.Stage,
            row => Measure(new MemoryProbeRequest(sizes.MemoryModel, row.Stage, sizes.MemoryBatchSize, true, sizes.MemorySteps)));
        foreach (var row in table.Rows)
        {
            rows.Add(
            [
                row.Label, BenchReport.F(row.TotalMiB), BenchReport.F(row.TotalMiB - row.WeightMiB), BenchReport.F(measured[row.Stage]),
                $"{row.TotalMiB / full.TotalMiB:P0}", $"{measured[row.Stage] / measured[full.Stage]:P0}",
            ]);
        }

        report.Table(rows);
    }

    private static double Measure(MemoryProbeRequest request)
    {
        var start = SelfProcess.StartInfo(new[] { MemoryProbeCommand.Name }.Concat(request.ToArgs()));
        using var child = System.Diagnostics.Process.Start(start)!;
        child.StandardInput.Close();
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Memory probe for {request.ModelName} stage {request.Stage} failed: {error.Trim()}");
        }

        return MemoryProbeResult.FromOutput(output.Result).Measurement.PeakAboveBaselineBytes / 1024.0 / 1024.0;
    }
}
