using Microsoft.Extensions.Time.Testing;
using ScaleFL.Runtime.Cluster;

namespace ScaleFL.Runtime.Tests.Cluster;

public sealed class RejoinPolicyTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void Server_unreachable_shorter_than_the_loss_time_is_not_lost()
    {
        var policy = new RejoinPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), clock);
        policy.ServerUnreachable();
        clock.Advance(TimeSpan.FromSeconds(14));
        policy.ServerReachable();
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False(policy.ServerLost);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Remaining);
    }

    [Fact]
    public void Server_unreachable_for_the_loss_time_is_lost_and_the_rejoin_time_counts_from_when_it_stopped_answering()
    {
        var policy = new RejoinPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), clock);
        policy.ServerUnreachable();

        clock.Advance(TimeSpan.FromSeconds(15));

        Assert.True(policy.ServerLost);
        Assert.Equal(TimeSpan.FromSeconds(285), policy.Remaining);
        Assert.False(policy.GivesUp);
    }

    [Fact]
    public void Server_that_left_without_ending_the_run_is_lost_at_once()
    {
        var policy = new RejoinPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), clock);

        policy.ServerRemoved();

        Assert.True(policy.ServerLost);
    }

    [Fact]
    public void Client_gives_up_when_the_rejoin_time_passes_without_registering_again()
    {
        var policy = new RejoinPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), clock);
        policy.ServerRemoved();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(policy.GivesUp);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(policy.GivesUp);
        Assert.Equal(TimeSpan.Zero, policy.Remaining);
    }

    [Fact]
    public void Registering_again_ends_the_loss_and_a_later_loss_gets_the_whole_rejoin_time()
    {
        var policy = new RejoinPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), clock);
        policy.ServerRemoved();
        clock.Advance(TimeSpan.FromSeconds(50));
        policy.Registered();
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(policy.ServerLost);

        policy.ServerRemoved();
        clock.Advance(TimeSpan.FromSeconds(59));

        Assert.False(policy.GivesUp);
    }
}
