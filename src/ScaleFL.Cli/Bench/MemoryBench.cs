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
        var table = MemoryTable.Build(MemoryCalibration.Model(), model, sizes.MemoryBatchSize, OptimizerKind.SgdMomentum, harmonizer: true);
        report.Note(
            $"{sizes.MemoryModel}, input {ModelInputs.DefaultFor(sizes.MemoryModel)}, batch {sizes.MemoryBatchSize}, SGD with momentum, harmonizer on; " +
            $"measured = peak RSS over {sizes.MemorySteps} steps in a fresh process above its RSS before the model was built; estimate includes the measured framework cost");
        var full = table.Rows.Single(row => row.Stage == MemoryProbeRequest.FullModel);
        List<string[]> rows = [["stage", "estimate MiB", "measured MiB", "estimate / measured", "estimate of full", "measured of full"]];
        var measured = table.Rows.ToDictionary(
            row => row.Stage,
            row => MemoryProbeChild.Measure(new MemoryProbeRequest(sizes.MemoryModel, row.Stage, sizes.MemoryBatchSize, true, sizes.MemorySteps))
                .Measurement.PeakAboveBaselineBytes / 1024.0 / 1024.0);
        foreach (var row in table.Rows)
        {
            rows.Add(
            [
                row.Label, BenchReport.F(row.TotalMiB), BenchReport.F(measured[row.Stage]), (row.TotalMiB / measured[row.Stage]).ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                $"{row.TotalMiB / full.TotalMiB:P0}", $"{measured[row.Stage] / measured[full.Stage]:P0}",
            ]);
        }

        report.Table(rows);
    }
}
