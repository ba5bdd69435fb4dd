using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using ScaleFL.Runtime.Cluster.Downing;

namespace ScaleFL.Runtime.Tests.Cluster.Downing;

public sealed class DowningRuleTests
{
    private static readonly Address Client = new("akka.tcp", "scalefl", "127.0.0.1", 5001);
    private static readonly Address Server = new("akka.tcp", "scalefl", "127.0.0.1", 4053);
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void Server_downs_a_client_once_it_stayed_unreachable_for_the_configured_time()
    {
        var rule = new DowningRule(TimeSpan.FromSeconds(10), clock);
        rule.Unreachable(Client, isServer: false);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(rule.Decide(selfIsServer: true));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Client], rule.Decide(selfIsServer: true));
        Assert.Empty(rule.Decide(selfIsServer: true));
    }

    [Fact]
    public void Client_that_answers_again_before_the_time_is_not_downed()
    {
        var rule = new DowningRule(TimeSpan.FromSeconds(10), clock);
        rule.Unreachable(Client, isServer: false);
        clock.Advance(TimeSpan.FromSeconds(8));
        rule.Reachable(Client);
        clock.Advance(TimeSpan.FromSeconds(8));
        rule.Unreachable(Client, isServer: false);

        clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Empty(rule.Decide(selfIsServer: true));
    }

    [Fact]
    public void No_client_view_ever_downs_anyone_and_the_server_is_never_downed()
    {
        var rule = new DowningRule(TimeSpan.FromSeconds(10), clock);
        rule.Unreachable(Server, isServer: true);
        rule.Unreachable(Client, isServer: false);

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Empty(rule.Decide(selfIsServer: false));
        Assert.Equal([Client], rule.Decide(selfIsServer: true));
    }

    [Fact]
    public void Server_that_was_paused_counts_unreachability_from_when_it_noticed()
    {
        // The server was frozen for a minute: it notices its clients unreachable only on waking.
        clock.Advance(TimeSpan.FromMinutes(1));
        var rule = new DowningRule(TimeSpan.FromSeconds(10), clock);
        rule.Unreachable(Client, isServer: false);

        clock.Advance(TimeSpan.FromSeconds(2));
        rule.Reachable(Client);

        Assert.Empty(rule.Decide(selfIsServer: true));
    }

    [Fact]
    public void Removed_member_is_forgotten_so_a_new_incarnation_at_its_address_gets_its_own_clock()
    {
        var rule = new DowningRule(TimeSpan.FromSeconds(10), clock);
        rule.Unreachable(Client, isServer: false);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([Client], rule.Decide(selfIsServer: true));
        rule.Removed(Client);

        rule.Unreachable(Client, isServer: false);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Client], rule.Decide(selfIsServer: true));
    }

    [Fact]
    public void Time_before_downing_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DowningRule(TimeSpan.Zero, clock));
    }
}
