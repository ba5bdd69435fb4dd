using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class WidthScaledRunTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Theory]
    [InlineData("heterofl")]
    [InlineData("fedrolex")]
    public void A_width_scaled_run_learns_well_above_chance(string method)
    {
        var result = InProcessDriver.Run(fixture.WidthSettings(method, rounds: 8) with { ClientsPerRound = 7 }, CancellationToken.None);

        Assert.True(result.FinalEvaluation.Accuracy > 0.6, $"final accuracy {result.FinalEvaluation.Accuracy}; rounds {string.Join(", ", result.Rounds.Select(r => $"{r.Accuracy:F2}/{r.Loss:F2}"))}");
    }

    [Fact]
    public void Every_device_that_fits_the_narrowest_sub_model_trains_and_the_one_below_sits_out()
    {
        var result = InProcessDriver.Run(fixture.WidthSettings("heterofl", rounds: 1) with { ClientsPerRound = 8 }, CancellationToken.None);

        // Budget 10 is below 1/16 x 1000.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], result.Rounds[0].Participants);
        Assert.Equal(7, result.Rounds[0].Eligible);
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_weights()
    {
        var settings = fixture.WidthSettings("fedrolex", rounds: 2);

        var first = InProcessDriver.Run(settings, CancellationToken.None);
        var second = InProcessDriver.Run(settings, CancellationToken.None);

        Assert.Equal(first.Rounds, second.Rounds);
        Assert.All(first.FinalWeights, array => Assert.Equal(array.Values, second.FinalWeights[array.Name].Values));
    }
}
