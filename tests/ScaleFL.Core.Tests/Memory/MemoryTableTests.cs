using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Tests.Memory;

[Collection(TorchCollection.Name)]
public sealed class MemoryTableTests
{
    [Fact]
    public void Table_has_one_row_per_block_then_the_full_model()
    {
        using var model = new ConvProbeModel("tiny-table");
        var memory = new ProbedMemoryModel();

        var table = MemoryTable.Build(memory, model, 8, OptimizerKind.Adam, harmonizer: true);

        Assert.Equal(["block 1", "block 2", "block 3", "full model"], table.Rows.Select(row => row.Label));
        Assert.Equal([0, 1, 2, -1], table.Rows.Select(row => row.Stage));
        Assert.Equal(memory.FullModelFootprint(model, 8, OptimizerKind.Adam), table.Rows[^1].Footprint);
        Assert.Equal(memory.StageFootprint(model, 1, true, 8, OptimizerKind.Adam), table.Rows[1].Footprint);
    }

    [Fact]
    public void Rows_report_parts_in_mebibytes()
    {
        var row = new MemoryTableRow("block 1", 0, new MemoryFootprint(1 << 20, 2 << 20, 3 << 19, 1 << 18, 0, 1 << 19, 1 << 21));

        Assert.Equal(1.0, row.WeightMiB);
        Assert.Equal(2.0, row.GradientMiB);
        Assert.Equal(1.5, row.OptimizerStateMiB);
        Assert.Equal(0.25, row.ActivationMiB);
        Assert.Equal(0.5, row.BackwardMiB);
        Assert.Equal(2.0, row.FrameworkMiB);
        Assert.Equal(7.25, row.TotalMiB);
    }

    [Fact]
    public void Printed_table_names_the_setting_and_lists_every_row()
    {
        using var model = new ConvProbeModel("tiny-print");

        var text = MemoryTable.Build(new ProbedMemoryModel(), model, 4, OptimizerKind.Sgd, harmonizer: false).ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("tiny-print, batch 4, Sgd, harmonizer off (MiB)", lines[0]);
        Assert.StartsWith("stage", lines[1], StringComparison.Ordinal);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("full model", lines[5], StringComparison.Ordinal);
        Assert.Contains("0.00", lines[2], StringComparison.Ordinal);
    }
}
