using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class RoundRecordingTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Fact]
    public void Driver_records_who_took_part_and_every_trained_block_in_the_plane()
    {
        var settings = fixture.Settings("sbt", new SequentialSchedule([1, 1, 1]), rounds: 3)
            with { HsicProbe = new HsicProbe(fixture.Test, seed: 1, samples: 32) };

        var rounds = InProcessDriver.Run(settings, CancellationToken.None).Rounds;

        Assert.All(rounds, round => Assert.Equal(4, round.Participants.Count));
        Assert.All(rounds, round => Assert.Equal(round.Participants.Order(), round.Participants));
        Assert.Equal([[0], [0, 1], [0, 1, 2]], rounds.Select(round => round.HsicPoints.Select(point => point.Stage).ToArray()));
        Assert.All(rounds.SelectMany(round => round.HsicPoints), point =>
        {
            Assert.InRange(point.InputInformation, 0, 1 + 1e-9);
            Assert.InRange(point.LabelInformation, 0, 1 + 1e-9);
        });
    }

    [Fact]
    public void Rounds_with_equal_participants_are_equal_records()
    {
        var first = new RoundMetrics(1, 0, 0.5, null, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0) { Participants = [3, 5] };
        var second = first with { Participants = new List<int> { 3, 5 } };

        Assert.Equal(first, second);
        Assert.NotEqual(first, second with { Participants = [3] });
    }
}
