using Microsoft.Extensions.Time.Testing;
using ScaleFL.Runtime.Workers;

namespace ScaleFL.Runtime.Tests.Workers;

public sealed class WorkerShortageTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(600);
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void No_worker_before_the_first_joined_is_a_run_still_starting()
    {
        var shortage = new WorkerShortage(localWorkers: true, Grace, time);

        Assert.Equal(new ShortageStep(ShortageAction.CarryOn, null), shortage.Observe(0));
    }

    [Fact]
    public void Local_workers_all_gone_end_the_run_at_once_naming_the_problem()
    {
        var shortage = new WorkerShortage(localWorkers: true, Grace, time);
        shortage.Observe(2);
        Assert.Equal(ShortageAction.CarryOn, shortage.Observe(1).Action);

        var step = shortage.Observe(0);

        Assert.Equal(ShortageAction.GiveUp, step.Action);
        Assert.StartsWith("all workers are gone", step.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_worker_exiting_before_every_worker_joined_ends_the_run_naming_it()
    {
        var shortage = new WorkerShortage(localWorkers: true, Grace, time);
        shortage.Observe(1);

        var step = shortage.ExitedBeforeJoining("worker 2", 134);

        Assert.Equal(ShortageAction.GiveUp, step.Action);
        Assert.StartsWith("worker 2 exited (code 134) before every worker joined", step.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exit_reported_for_workers_started_elsewhere_changes_nothing()
    {
        var shortage = new WorkerShortage(localWorkers: false, Grace, time);

        Assert.Equal(new ShortageStep(ShortageAction.CarryOn, null), shortage.ExitedBeforeJoining("worker 1", 1));
    }

    [Fact]
    public void Workers_started_elsewhere_get_the_grace_period_announced_once_then_the_run_ends()
    {
        var shortage = new WorkerShortage(localWorkers: false, Grace, time);
        shortage.Observe(1);

        var first = shortage.Observe(0);
        time.Advance(Grace - TimeSpan.FromSeconds(1));
        var during = shortage.Observe(0);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = shortage.Observe(0);

        Assert.Equal(new ShortageStep(ShortageAction.Wait, "no worker left; waiting up to 600 s for a worker to join"), first);
        Assert.Equal(new ShortageStep(ShortageAction.Wait, null), during);
        Assert.Equal(ShortageAction.GiveUp, after.Action);
        Assert.StartsWith("all workers are gone and none joined within 600 s", after.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_joining_within_the_grace_period_carries_on_and_a_later_loss_gets_a_full_grace_period()
    {
        var shortage = new WorkerShortage(localWorkers: false, Grace, time);
        shortage.Observe(1);
        shortage.Observe(0);
        time.Advance(Grace - TimeSpan.FromSeconds(10));

        var back = shortage.Observe(1);
        shortage.Observe(0);
        time.Advance(Grace - TimeSpan.FromSeconds(1));

        Assert.Equal(ShortageAction.CarryOn, back.Action);
        Assert.Contains("a worker joined", back.Line, StringComparison.Ordinal);
        Assert.Equal(ShortageAction.Wait, shortage.Observe(0).Action);
    }

    [Fact]
    public void A_grace_period_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerShortage(localWorkers: false, TimeSpan.Zero, time));
}
