using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class SeedsTests
{
    [Fact]
    public void Derived_seeds_are_stable_and_differ_by_every_coordinate()
    {
        var seed = Seeds.Derive(42, Seeds.Training, 3, 7);

        Assert.Equal(seed, Seeds.Derive(42, Seeds.Training, 3, 7));
        Assert.NotEqual(seed, Seeds.Derive(43, Seeds.Training, 3, 7));
        Assert.NotEqual(seed, Seeds.Derive(42, Seeds.Dropout, 3, 7));
        Assert.NotEqual(seed, Seeds.Derive(42, Seeds.Training, 4, 7));
        Assert.NotEqual(seed, Seeds.Derive(42, Seeds.Training, 7, 3));
        Assert.True(seed >= 0);
    }
}
