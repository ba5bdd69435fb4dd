using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class DepthScaledRunTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Fact]
    public void A_DepthFL_run_learns_well_above_chance()
    {
        var result = InProcessDriver.Run(fixture.DepthSettings(rounds: 8) with { ClientsPerRound = 7 }, CancellationToken.None);

        Assert.True(result.FinalEvaluation.Accuracy > 0.6, $"final accuracy {result.FinalEvaluation.Accuracy}; rounds {string.Join(", ", result.Rounds.Select(r => $"{r.Accuracy:F2}/{r.Loss:F2}"))}");
    }

    [Fact]
    public void Each_device_sends_back_the_blocks_and_classifiers_of_its_depth_and_the_one_below_depth_1_sits_out()
    {
        var settings = fixture.DepthSettings(rounds: 1) with { ClientsPerRound = 8 };

        var result = InProcessDriver.Run(settings, CancellationToken.None);

        // Budget 100 is below depth 1's 300 bytes; every other device trained its depth.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], result.Rounds[0].Participants);
        Assert.Equal(7, result.Rounds[0].Eligible);
        Assert.Equal(0, result.Rounds[0].Rejected.Sum(rejection => rejection.Count));
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_weights()
    {
        var settings = fixture.DepthSettings(rounds: 2);

        var first = InProcessDriver.Run(settings, CancellationToken.None);
        var second = InProcessDriver.Run(settings, CancellationToken.None);

        Assert.Equal(first.Rounds, second.Rounds);
        Assert.All(first.FinalWeights, array => Assert.Equal(array.Values, second.FinalWeights[array.Name].Values));
    }
}
