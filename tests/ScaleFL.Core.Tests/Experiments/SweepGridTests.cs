using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class SweepGridTests
{
    [Fact]
    public void Lambda_schedules_split_on_bars_and_numbers_on_commas()
    {
        var grid = SweepGrid.Parse("lambda1=0.5,0.3,0.1,0.05|0.2,0.2,0.2,0.2; lr=0.01,0.05");

        var points = grid.Points(new ExperimentOptions { Rounds = 3 });

        Assert.Equal(4, grid.Count);
        Assert.Equal(
            ["lambda1=0.5,0.3,0.1,0.05 lr=0.01", "lambda1=0.5,0.3,0.1,0.05 lr=0.05", "lambda1=0.2,0.2,0.2,0.2 lr=0.01", "lambda1=0.2,0.2,0.2,0.2 lr=0.05"],
            points.Select(point => point.Label));
        Assert.Equal([0.2, 0.2, 0.2, 0.2], points[3].Options.Lambda1!);
        Assert.Equal(0.05, points[3].Options.LearningRate);
        Assert.Equal(3, points[3].Options.Rounds);
        Assert.Equal([1, 2, 3, 4], points.Select(point => point.Index));
    }

    [Fact]
    public void Bandwidth_and_stand_ins_split_on_bars_and_set_their_fields()
    {
        var points = SweepGrid.Parse("hsic-bandwidth=paper|median;stand-ins=relu|bn-he-relu;output-lr-scale=1,10").Points(new ExperimentOptions());

        Assert.Equal(8, points.Count);
        Assert.Equal("hsic-bandwidth=median stand-ins=bn-he-relu output-lr-scale=10", points[^1].Label);
        Assert.Equal(("median", "bn-he-relu", 10.0), (points[^1].Options.HsicBandwidth, points[^1].Options.StandIns, points[^1].Options.OutputLrScale));
    }

    [Theory]
    [InlineData("gamma=1,2", "unknown field 'gamma'")]
    [InlineData("lr=0.1,fast", "lr value 'fast' is not a number")]
    [InlineData("batch-size=8.5", "batch-size value '8.5' is not a whole number")]
    [InlineData("lr=0.1;lr=0.2", "'lr' appears twice")]
    [InlineData("lr", "'lr' is not FIELD=VALUES")]
    [InlineData(" ; ", "no fields given")]
    public void Bad_grid_is_an_error_naming_the_field_or_value(string text, string expected)
    {
        var error = Assert.Throws<ExperimentException>(() => SweepGrid.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_table_ranks_points_by_final_accuracy()
    {
        var points = SweepGrid.Parse("lr=0.01,0.05").Points(new ExperimentOptions());
        var rows = new[]
        {
            new SweepRow(points[0], new ComparisonRow("scalefl", 0.4, 0.5, 0.45, null, 1, 0, 0, 1, 2)),
            new SweepRow(points[1], new ComparisonRow("scalefl", 0.6, 0.6, 0.6, 2, 1, 0, 0, 1, 2)),
        };

        var csv = SweepReport.ToCsv(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal([2, 1], SweepReport.Ranked(rows).Select(row => row.Point.Index));
        Assert.StartsWith("2,\"lr=0.05\",scalefl,0.6,", csv[1], StringComparison.Ordinal);
    }
}
