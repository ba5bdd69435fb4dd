using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Tests.SubModels;

public sealed class WidthWindowTests
{
    [Fact]
    public void HeteroFL_holds_the_channel_prefix_every_round()
    {
        Assert.Equal([0, 1, 2, 3], WidthWindow.Indices(16, 4, WidthSlicing.Prefix, 1));
        Assert.Equal([0, 1, 2, 3], WidthWindow.Indices(16, 4, WidthSlicing.Prefix, 9));
    }

    [Theory]
    [InlineData(1, new[] { 0, 1, 2, 3 })]
    [InlineData(2, new[] { 1, 2, 3, 4 })]
    [InlineData(14, new[] { 13, 14, 15, 0 })]
    [InlineData(16, new[] { 15, 0, 1, 2 })]
    [InlineData(17, new[] { 0, 1, 2, 3 })]
    public void FedRolex_window_of_a_quarter_of_16_channels_starts_at_round_minus_one_and_wraps(int round, int[] expected)
    {
        Assert.Equal(expected, WidthWindow.Indices(16, 4, WidthSlicing.Rolling, round));
    }

    [Fact]
    public void A_dimension_kept_whole_is_never_rolled()
    {
        Assert.Equal([0, 1, 2], WidthWindow.Indices(3, 3, WidthSlicing.Rolling, 5));
    }

    [Fact]
    public void A_window_wider_than_the_dimension_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WidthWindow.Indices(4, 5, WidthSlicing.Prefix, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WidthWindow.Indices(4, 2, WidthSlicing.Rolling, 0));
    }
}
