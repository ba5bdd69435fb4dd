using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Tests.Objective;

public sealed class KernelBandwidthTests
{
    [Theory]
    [InlineData("median", "median")]
    [InlineData("MEDIAN", "median")]
    [InlineData("fixed:2.5", "fixed:2.5")]
    [InlineData("5", "fixed:5")]
    public void Parse_reads_median_fixed_and_bare_sigma(string text, string expected)
    {
        Assert.Equal(expected, KernelBandwidth.Parse(text).ToString());
    }

    [Fact]
    public void Paper_bandwidth_is_sigma_five()
    {
        Assert.Equal(new KernelBandwidth.Fixed(5), KernelBandwidth.Paper);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Sigma_must_be_finite_and_positive(double sigma)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KernelBandwidth.Fixed(sigma));

        Assert.Equal("Sigma", error.ParamName);
    }

    [Fact]
    public void Unreadable_text_is_rejected_naming_the_allowed_forms()
    {
        var error = Assert.Throws<FormatException>(() => KernelBandwidth.Parse("wide"));

        Assert.Contains("'median', 'fixed:SIGMA' or a number", error.Message, StringComparison.Ordinal);
    }
}
