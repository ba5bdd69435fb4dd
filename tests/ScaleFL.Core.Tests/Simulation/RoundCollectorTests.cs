using ScaleFL.Core.Simulation;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Simulation;

public sealed class RoundCollectorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Update_over_the_simulated_deadline_is_late_and_not_kept()
    {
        var collector = new RoundCollector(2, 0, 5, [1, 2], 2, DeadlineMode.Simulated, Deadline);

        Assert.Equal(UpdateVerdict.Accepted, collector.Offer(Update(1, seconds: 9.9)));
        Assert.Equal(UpdateVerdict.Late, collector.Offer(Update(2, seconds: 10.1)));
        var outcome = collector.Close();

        Assert.Equal([1], outcome.Kept.Select(update => update.ClientId));
        Assert.Equal((1, 0), (outcome.Late, outcome.Dropped));
        Assert.True(collector.AllAnswered);
    }

    [Fact]
    public void Wall_clock_round_closing_on_a_client_that_started_training_counts_it_late_and_a_silent_one_dropped()
    {
        var collector = new RoundCollector(2, 0, 5, [1, 2, 3], 3, DeadlineMode.WallClock, Deadline);
        collector.Offer(Update(1));
        collector.Started(2, 2, 0);
        // A start for another attempt says nothing about this one.
        collector.Started(3, 2, 1);

        var outcome = collector.Close();

        Assert.Equal((1, 1), (outcome.Late, outcome.Dropped));
        Assert.Equal([2, 3], outcome.Unanswered);
        Assert.Contains(outcome.Failures, failure => failure.ClientId == 2 && failure.Reason.StartsWith("late", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_selected_device_that_left_makes_the_attempt_all_departed_but_an_announced_dropout_does_not()
    {
        var departed = new RoundCollector(2, 0, 5, [1, 2], 2, DeadlineMode.WallClock, Deadline);
        var announced = new RoundCollector(2, 0, 5, [1, 2], 2, DeadlineMode.WallClock, Deadline);

        departed.Lose(1);
        departed.Lose(2);
        announced.Lose(1);
        announced.DropOut(2, 2, 0);

        Assert.True(departed.AllDeparted);
        Assert.False(announced.AllDeparted);
    }

    [Fact]
    public void Duplicate_other_round_stale_version_and_unselected_updates_are_discarded()
    {
        var collector = new RoundCollector(2, 0, 5, [1, 2], 2, DeadlineMode.Simulated, Deadline);

        collector.Offer(Update(1));
        var verdicts = new[]
        {
            collector.Offer(Update(1)),
            collector.Offer(Update(2) with { Round = 1 }),
            collector.Offer(Update(2) with { Attempt = 1 }),
            collector.Offer(Update(2) with { ModelVersion = 4 }),
            collector.Offer(Update(3)),
        };
        var outcome = collector.Close();

        Assert.Equal([UpdateVerdict.Duplicate, UpdateVerdict.OtherRound, UpdateVerdict.OtherRound, UpdateVerdict.StaleVersion, UpdateVerdict.NotSelected], verdicts);
        Assert.Equal((1, 5, 1), (outcome.Kept.Count, outcome.Discarded, outcome.Dropped));
    }

    [Fact]
    public void Over_commit_keeps_the_fastest_in_client_id_order()
    {
        var collector = new RoundCollector(1, 0, 0, [4, 5, 6, 7], 2, DeadlineMode.Simulated, Deadline);

        collector.Offer(Update(7, seconds: 1, round: 1, version: 0));
        collector.Offer(Update(4, seconds: 3, round: 1, version: 0));
        collector.Offer(Update(6, seconds: 2, round: 1, version: 0));
        collector.Offer(Update(5, seconds: 1, round: 1, version: 0));
        var outcome = collector.Close();

        Assert.Equal([5, 7], outcome.Kept.Select(update => update.ClientId));
        Assert.Equal(2, outcome.Surplus);
    }

    [Fact]
    public void Wall_clock_round_has_enough_once_the_round_size_arrived()
    {
        var collector = new RoundCollector(1, 0, 0, [1, 2, 3], 2, DeadlineMode.WallClock, Deadline);

        collector.Offer(Update(3, seconds: 1e6, round: 1, version: 0));
        Assert.False(collector.HasEnough);
        collector.Offer(Update(1, round: 1, version: 0));

        Assert.True(collector.HasEnough);
        var outcome = collector.Close();
        Assert.Equal([1, 3], outcome.Kept.Select(update => update.ClientId));
        Assert.Equal(1, outcome.Dropped);
    }

    [Fact]
    public void Decline_is_an_answer_once_and_only_for_this_attempt()
    {
        var collector = new RoundCollector(1, 0, 0, [1], 1, DeadlineMode.Simulated, Deadline);

        Assert.False(collector.Decline(1, 1, 1, "retry of another attempt"));
        Assert.True(collector.Decline(1, 1, 0, "over budget"));
        Assert.False(collector.Decline(1, 1, 0, "again"));

        var outcome = collector.Close();
        Assert.Equal((1, 2, 0), (outcome.Declined, outcome.Discarded, outcome.Kept.Count));
        Assert.Contains("over budget", Assert.Single(outcome.Failures).Reason, StringComparison.Ordinal);
    }

    internal static ClientUpdate Update(int client, double seconds = 1, int round = 2, int version = 5) => new(
        client, round, 0, version, new WeightSet([new NamedArray("blocks.0.w", [1], [client])]), 10, 0.5, seconds, seconds);
}
