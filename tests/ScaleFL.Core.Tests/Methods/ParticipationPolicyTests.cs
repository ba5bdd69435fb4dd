using ScaleFL.Core.Methods;
using static ScaleFL.TestSupport.FakeMemoryModel;

namespace ScaleFL.Core.Tests.Methods;

public sealed class ParticipationPolicyTests
{
    private static readonly long[] Budgets = [100, 300, 500, 900];

    [Fact]
    public void Memory_aware_admits_clients_whose_budget_covers_the_stage()
    {
        Assert.Equal([300L, 500, 900], Joining(new MemoryAwareParticipation(), stageBytes: 300));
    }

    [Fact]
    public void Exclusive_admits_only_clients_that_fit_the_full_model()
    {
        Assert.Equal([900L], Joining(new ExclusiveParticipation(), stageBytes: 100));
    }

    [Fact]
    public void Unlimited_admits_everyone()
    {
        Assert.Equal(Budgets, Joining(new UnlimitedParticipation(), stageBytes: 10_000));
    }

    private static long[] Joining(IParticipationPolicy policy, long stageBytes) =>
        Budgets.Where(budget => policy.CanJoin(budget, Footprint(stageBytes), Footprint(840))).ToArray();
}
