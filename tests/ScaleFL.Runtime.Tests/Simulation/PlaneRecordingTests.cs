using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Simulation;
using ScaleFL.Runtime.Tests.TestModels;

namespace ScaleFL.Runtime.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class PlaneRecordingTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    [Fact]
    public async Task Actor_rounds_carry_the_same_participants_and_plane_points_as_the_in_process_driver()
    {
        var settings = fixture.Settings("scalefl-no-mentor", new CyclicSchedule(3), rounds: 3)
            with { HsicProbe = new HsicProbe(fixture.Test, seed: 3, samples: 32) };

        var expected = InProcessDriver.Run(settings, CancellationToken.None).Rounds;
        var actual = (await SimulationHost.RunAsync(new SimulationOptions { Driver = settings, MaxConcurrentTraining = 2 })).ToRunResult().Rounds;

        Assert.Equal([1, 2, 3], actual.Select(round => round.HsicPoints.Count));
        Assert.All(actual, round => Assert.Equal(round.Completed, round.Participants.Count));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Participants, actual[i].Participants);
            Assert.Equal(expected[i].HsicPoints.Select(p => p.Stage), actual[i].HsicPoints.Select(p => p.Stage));
            Assert.All(
                expected[i].HsicPoints.Zip(actual[i].HsicPoints),
                pair => Assert.Equal(pair.First.LabelInformation, pair.Second.LabelInformation, 1e-9));
        }
    }
}
