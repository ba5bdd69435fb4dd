using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class WidthScaledEngineTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    [Theory]
    [InlineData("heterofl")]
    [InlineData("fedrolex")]
    public async Task Actor_engine_reproduces_the_in_process_width_scaled_run(string method)
    {
        var settings = fixture.WidthSettings(method, rounds: 2) with { ClientsPerRound = 5 };

        var expected = InProcessDriver.Run(settings, CancellationToken.None);
        var actual = await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2 });

        Assert.Equal(expected.Rounds.Select(Comparable), actual.ToRunResult().Rounds.Select(Comparable));
        Assert.All(expected.FinalWeights, array => Assert.Equal(array.Values, actual.FinalWeights[array.Name].Values));
        Assert.All(expected.Rounds, round => Assert.True(round.Completed > 0));
    }

    [Fact]
    public async Task Actor_engine_reproduces_the_in_process_DepthFL_run()
    {
        var settings = fixture.DepthSettings(rounds: 2) with { ClientsPerRound = 5 };

        var expected = InProcessDriver.Run(settings, CancellationToken.None);
        var actual = await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2 });

        Assert.Equal(expected.Rounds.Select(Comparable), actual.ToRunResult().Rounds.Select(Comparable));
        Assert.All(expected.FinalWeights, array => Assert.Equal(array.Values, actual.FinalWeights[array.Name].Values));
        Assert.All(expected.Rounds, round => Assert.True(round.Completed > 0 && round.RejectedCount == 0));
    }

    private static RoundMetrics Comparable(RoundMetrics round) => round with { WallSeconds = 0, TrainSeconds = 0, SimulatedSeconds = 0 };
}
