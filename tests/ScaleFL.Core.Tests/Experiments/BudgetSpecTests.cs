using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public class BudgetSpecTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Relative_budgets_scale_with_the_full_model_footprint()
    {
        var budgets = BudgetSpec.Parse("relative:0.5-1.5").Draw(200, 100 * MiB, 7);

        Assert.All(budgets, budget => Assert.InRange(budget, 50 * MiB, 150 * MiB));
        Assert.Contains(budgets, budget => budget < 100 * MiB);
        Assert.Contains(budgets, budget => budget > 100 * MiB);
    }

    [Fact]
    public void Uniform_budgets_are_in_mebibytes_whatever_the_model()
    {
        var budgets = BudgetSpec.Parse("uniform:100-900").Draw(100, 1, 7);

        Assert.All(budgets, budget => Assert.InRange(budget, 100 * MiB, 900 * MiB));
    }

    [Fact]
    public void Tiers_split_clients_by_share()
    {
        var budgets = BudgetSpec.Parse("tiers:jetson-4gb=4096@0.5,lab-16gb=16384@0.5").Draw(10, 1, 7);

        Assert.Equal(5, budgets.Count(budget => budget == 4096 * MiB));
        Assert.Equal(5, budgets.Count(budget => budget == 16384 * MiB));
    }

    [Fact]
    public void Same_seed_gives_the_same_budgets()
    {
        var spec = BudgetSpec.Parse("relative:0.12-1.07");

        Assert.Equal(spec.Draw(50, 40 * MiB, 3), spec.Draw(50, 40 * MiB, 3));
        Assert.NotEqual(spec.Draw(50, 40 * MiB, 3), spec.Draw(50, 40 * MiB, 4));
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("relative:1")]
    [InlineData("relative:0.9-0.1")]
    [InlineData("uniform:-5-10")]
    [InlineData("tiers:jetson=4096")]
    [InlineData("tiers:jetson=0@1")]
    [InlineData("gaussian:1-2")]
    public void Malformed_budgets_name_the_field_and_the_allowed_forms(string text)
    {
        var error = Assert.Throws<ExperimentException>(() => BudgetSpec.Parse(text));

        Assert.StartsWith("budgets:", error.Message, StringComparison.Ordinal);
        Assert.Contains(BudgetSpec.AllowedForms, error.Message, StringComparison.Ordinal);
    }
}
