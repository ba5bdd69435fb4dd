using ScaleFL.Core.Faults;

namespace ScaleFL.Core.Tests.Faults;

public sealed class SpentFaultsTests
{
    private static readonly FaultEntry CrashAt2 = new() { Kind = FaultKind.Crash, Client = 1, Round = 2 };
    private static readonly FaultEntry CrashAt5 = new() { Kind = FaultKind.Crash, Client = 1, Round = 5, AfterSteps = 3 };
    private static readonly FaultEntry Drop = new() { Kind = FaultKind.Drop, Client = 1, Round = 1, Fraction = 0.5 };

    [Fact]
    public void A_crash_recorded_before_the_checkpoint_does_not_fire_again()
    {
        var plan = new FaultPlan([CrashAt2, Drop]) { Source = "crash.json" };
        var recorded = FaultReport.Of([new FaultEvent(2, 1, FaultKind.Crash, "crashed before training"), new FaultEvent(2, 1, FaultKind.Drop, "task lost")]);

        var left = SpentFaults.Left(plan, recorded, resumedAfter: 3);

        Assert.Equal([Drop], left.Faults);
        Assert.Equal("crash.json", left.Source);
    }

    [Fact]
    public void A_crash_recorded_in_the_round_trained_again_still_fires()
    {
        var plan = new FaultPlan([CrashAt2]);
        var recorded = FaultReport.Of([new FaultEvent(3, 1, FaultKind.Crash, "crashed before training")]);

        Assert.Equal([CrashAt2], SpentFaults.Left(plan, recorded, resumedAfter: 2).Faults);
    }

    [Fact]
    public void A_recorded_crash_spends_the_entry_the_injector_chose_and_a_later_one_stays()
    {
        // The client first had a task in round 3: the round-2 entry fired then; the round-5 one has not come.
        var plan = new FaultPlan([CrashAt5, CrashAt2]);
        var recorded = FaultReport.Of([new FaultEvent(3, 1, FaultKind.Crash, "crashed before training")]);

        Assert.Equal([CrashAt5], SpentFaults.Left(plan, recorded, resumedAfter: 4).Faults);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(1, 1)]
    public void A_recorded_crash_the_plan_never_held_is_refused_as_a_changed_record(int round, int client)
    {
        var plan = new FaultPlan([CrashAt2]) { Source = "crash.json" };
        var recorded = FaultReport.Of([new FaultEvent(round, client, FaultKind.Crash, "crashed before training")]);

        var error = Assert.Throws<InvalidDataException>(() => SpentFaults.Left(plan, recorded, resumedAfter: 4));

        Assert.Equal($"faults.csv records a crash of client {client} in round {round} that no crash of the fault plan crash.json could have caused; the file was changed: restore it, or run it again under another --name.", error.Message);
    }

    [Fact]
    public void Two_recorded_crashes_spend_two_entries_in_plan_order()
    {
        var plan = new FaultPlan([CrashAt2, CrashAt5]);
        var recorded = FaultReport.Of([new FaultEvent(2, 1, FaultKind.Crash, "crashed before training"), new FaultEvent(6, 1, FaultKind.Crash, "crashed after 3 training steps")]);

        Assert.Empty(SpentFaults.Left(plan, recorded, resumedAfter: 6).Faults);
    }

    [Fact]
    public void Without_recorded_crashes_the_plan_is_unchanged()
    {
        var plan = new FaultPlan([CrashAt2, Drop]);

        Assert.Same(plan, SpentFaults.Left(plan, FaultReport.Empty, resumedAfter: 4));
    }
}
