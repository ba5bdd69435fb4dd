using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class MemoryBudgetsTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Uniform_budgets_lie_in_range_and_repeat_with_the_seed()
    {
        var budgets = MemoryBudgets.Uniform(100, MemoryBudgets.PaperMinMiB, MemoryBudgets.PaperMaxMiB, seed: 42);

        Assert.Equal(100, budgets.Count);
        Assert.All(budgets, budget => Assert.InRange(budget, 100 * MiB, 900 * MiB));
        Assert.Equal(budgets, MemoryBudgets.Uniform(100, 100, 900, seed: 42));
        Assert.NotEqual(budgets, MemoryBudgets.Uniform(100, 100, 900, seed: 43));
    }

    [Fact]
    public void Tiers_split_clients_by_share_with_largest_remainders()
    {
        MemoryTier[] tiers = [new("low", 128, 1), new("mid", 512, 1), new("high", 1024, 1)];

        var budgets = MemoryBudgets.Tiers(10, tiers, seed: 1);

        // 10/3 each: floors 3,3,3 and the one left over goes to the first tier on a tie.
        Assert.Equal(4, budgets.Count(budget => budget == 128 * MiB));
        Assert.Equal(3, budgets.Count(budget => budget == 512 * MiB));
        Assert.Equal(3, budgets.Count(budget => budget == 1024 * MiB));
        Assert.Equal(budgets, MemoryBudgets.Tiers(10, tiers, seed: 1));
    }

    [Fact]
    public void Profiles_get_consecutive_ids()
    {
        var profiles = ClientProfile.FromBudgets([5, 7], speedFactor: 0.5, dropoutProbability: 0.1);

        Assert.Equal([new ClientProfile(0, 5, 0.5, 0.1), new ClientProfile(1, 7, 0.5, 0.1)], profiles);
    }
}
