using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Workers;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Tests.Workers;

public sealed class PlacementLedgerTests
{
    private static readonly HostDevice[] Devices = [.. Enumerable.Range(0, 5).Select(id => new HostDevice(id, 1000 + id, 1, 0, null))];

    [Fact]
    public void Every_device_starts_unhosted_in_client_id_order()
    {
        var ledger = new PlacementLedger<string>(Devices.Reverse());

        Assert.Equal([0, 1, 2, 3, 4], ledger.Unhosted().Select(device => device.ClientId));
        Assert.Equal(0, ledger.HostedCount);
    }

    [Fact]
    public void An_acknowledged_device_is_no_longer_sent_and_a_repeat_is_no_news()
    {
        var ledger = new PlacementLedger<string>(Devices);

        Assert.True(ledger.Hosted(2, "worker-a/2"));
        Assert.False(ledger.Hosted(2, "worker-a/2"));
        Assert.False(ledger.Hosted(9, "worker-a/9"));

        Assert.Equal([0, 1, 3, 4], ledger.Unhosted().Select(device => device.ClientId));
        Assert.Equal(1, ledger.HostedCount);
    }

    [Fact]
    public void A_lost_host_gives_back_exactly_its_devices_to_re_home()
    {
        var ledger = new PlacementLedger<string>(Devices);
        ledger.Hosted(0, "a");
        ledger.Hosted(1, "b");
        ledger.Hosted(2, "a");
        ledger.Hosted(3, "b");
        ledger.Hosted(4, "a");

        var lost = ledger.Lost("a");

        Assert.Equal([0, 2, 4], lost);
        Assert.Equal([0, 2, 4], ledger.Unhosted().Select(device => device.ClientId));
        Assert.Empty(ledger.Lost("a"));
    }

    [Fact]
    public void A_device_re_homed_elsewhere_is_not_lost_with_its_old_host()
    {
        var ledger = new PlacementLedger<string>(Devices);
        ledger.Hosted(1, "a");

        Assert.True(ledger.Hosted(1, "b"));

        Assert.Empty(ledger.Lost("a"));
        Assert.DoesNotContain(ledger.Unhosted(), device => device.ClientId == 1);
    }

    [Fact]
    public void Two_devices_with_one_client_id_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlacementLedger<string>([Devices[1], Devices[1]]));

        Assert.Contains("client id 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placed_device_has_the_settings_of_the_one_process_simulation()
    {
        var profile = new ClientProfile(4, 5_000_000, 0.25, 0.3);

        var settings = HostDevice.Of(profile, 0.02).Settings();

        Assert.Equal((4, 5_000_000L, 0.25, 0.3, true, (double?)0.02), (settings.ClientId, settings.BudgetBytes, settings.SpeedFactor, settings.DropoutProbability, settings.AnnounceDropouts, settings.SecondsPerStep));
    }
}
