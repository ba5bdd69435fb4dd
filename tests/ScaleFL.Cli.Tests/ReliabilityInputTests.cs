namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ReliabilityInputTests
{
    [Theory]
    [InlineData("--budgets", "uniform:0-0", "budgets:")]
    [InlineData("--budgets", "uniform:-5-10", "budgets:")]
    [InlineData("--max-update-norm", "0", "maxUpdateNorm: '0'")]
    [InlineData("--max-update-norm", "-1", "maxUpdateNorm: '-1'")]
    public void Zero_or_negative_budget_or_norm_bound_exits_with_2_and_one_line(string flag, string value, string expected)
    {
        var (exit, _, error) = CliRun.Invoke("simulate", "--dataset", "synthetic", flag, value, "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: {expected}", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_tls_certificate_exits_with_2_naming_the_flag()
    {
        var (exit, _, error) = CliRun.Invoke("server", "--dataset", "synthetic", "--method", "sbt", "--tls-cert", "/nonexistent/node.pfx", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: tls-cert: '/nonexistent/node.pfx' does not exist.", error, StringComparison.Ordinal);
    }
}
