using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Server;

namespace ScaleFL.Runtime.Tests.Server;

public sealed class BlockLedgerTests
{
    private static readonly WeightSet Initial = new(
    [
        new NamedArray("blocks.0.conv.weight", [2], [1, 2]),
        new NamedArray("blocks.0.bn.bias", [1], [3]),
        new NamedArray("blocks.1.conv.weight", [1], [4]),
        new NamedArray("outputs.1.fc.weight", [1], [5]),
    ]);

    [Fact]
    public void Client_holding_current_blocks_is_sent_only_the_changed_ones()
    {
        var ledger = new BlockLedger(Initial);
        ledger.Record(7, [new BlockVersion("blocks.0.", 0), new BlockVersion("blocks.1.", 0), new BlockVersion("outputs.1.", 0)]);
        var next = Initial.With(new WeightSet([new NamedArray("blocks.1.conv.weight", [1], [9])]));

        ledger.Bump(Initial, next, version: 1);
        var blocks = ledger.VersionsOf(next);
        var sent = ledger.MissingFor(7, next, blocks);

        Assert.Equal([new BlockVersion("blocks.0.", 0), new BlockVersion("blocks.1.", 1), new BlockVersion("outputs.1.", 0)], blocks);
        Assert.Equal(["blocks.1.conv.weight"], sent.Names);
        Assert.Equal(Initial.Count, ledger.MissingFor(8, next, blocks).Count);
    }

    [Fact]
    public void Block_of_a_name_is_its_first_two_segments()
    {
        Assert.Equal(("blocks.12.", "outputs.0.", "bias"), (BlockVersion.BlockOf("blocks.12.0.conv1.weight"), BlockVersion.BlockOf("outputs.0.fc.bias"), BlockVersion.BlockOf("bias")));
    }
}
