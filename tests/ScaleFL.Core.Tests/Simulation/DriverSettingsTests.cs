using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Simulation;

[Collection(TorchCollection.Name)]
public sealed class DriverSettingsTests(DriverFixture fixture) : IClassFixture<DriverFixture>
{
    [Fact]
    public void Client_ids_must_index_the_data_views()
    {
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 1)
            with { Clients = [new ClientProfile(DriverFixture.ClientCount, 1000, 1, 0)] };

        var error = Assert.Throws<ArgumentException>(() => settings.Validate());

        Assert.Contains("ids 0..7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rounds_must_be_positive()
    {
        var settings = fixture.Settings("sbt", new CyclicSchedule(3), rounds: 0);

        var error = Assert.Throws<ArgumentException>(() => InProcessDriver.Run(settings, CancellationToken.None));

        Assert.Equal(nameof(DriverSettings.Rounds), error.ParamName);
    }
}
