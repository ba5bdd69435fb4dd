using System.Globalization;

namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class MemoryMeasureTests
{
    [Fact]
    public void The_estimate_bounds_the_measured_peak_of_every_small_resnet_stage_within_a_quarter()
    {
        // One fresh child process per row (plus one for the framework cost unless cached): about
        // 20 s on a 2-core machine, the smallest batch of the BENCHMARKS.md table.
        var (exit, output, error) = CliRun.Invoke("memory", "--model", "small-resnet", "--batch-size", "16", "--measure", "--steps", "2");

        Assert.True(exit == 0, error);
        var rows = output.Split('\n').Where(line => line.StartsWith("| block", StringComparison.Ordinal) || line.StartsWith("| full model", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, rows.Count);
        foreach (var row in rows)
        {
            var cells = row.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            var ratio = double.Parse(cells[^1], CultureInfo.InvariantCulture);
            Assert.True(ratio is >= 1.0 and <= 1.25, $"estimate/measured {ratio} out of 1.00-1.25: {row}");
        }
    }
}
