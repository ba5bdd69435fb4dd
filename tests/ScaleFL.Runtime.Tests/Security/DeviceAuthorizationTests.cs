using Akka.Actor;
using ScaleFL.Core.Aggregation;
using ScaleFL.Runtime.Security;

namespace ScaleFL.Runtime.Tests.Security;

public sealed class DeviceAuthorizationTests
{
    private static readonly ActorPath DeviceA = ActorPath.Parse("akka.tcp://scalefl@10.0.0.1:4100/user/scalefl-client/device");
    private static readonly ActorPath DeviceB = ActorPath.Parse("akka.tcp://scalefl@10.0.0.2:4100/user/scalefl-client/device");
    private static readonly ActorPath OtherActorOnA = ActorPath.Parse("akka.tcp://scalefl@10.0.0.1:4100/user/elsewhere");

    private int sessions;

    [Fact]
    public void Registered_device_with_its_session_is_authorized()
    {
        var authorization = New();

        var decision = authorization.Register(1, DeviceA, DeviceA, requireSession: true);

        Assert.Equal(RegistrationOutcome.Accepted, decision.Outcome);
        Assert.Equal("session-1", decision.Session);
        Assert.True(authorization.Authorize(1, DeviceA, "session-1").IsAccepted);
    }

    [Fact]
    public void Update_for_another_client_id_is_foreign()
    {
        var authorization = New();
        authorization.Register(1, DeviceA, DeviceA, requireSession: true);
        authorization.Register(2, DeviceB, DeviceB, requireSession: true);

        var check = authorization.Authorize(1, DeviceB, "session-2");

        Assert.Equal(RejectionReason.ForeignSender, check.Reason);
        Assert.Contains("registered as", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_sender_path_without_the_session_is_foreign()
    {
        var authorization = New();
        authorization.Register(1, DeviceA, DeviceA, requireSession: true);

        Assert.Equal(RejectionReason.ForeignSender, authorization.Authorize(1, DeviceA, string.Empty).Reason);
        Assert.Equal(RejectionReason.ForeignSender, authorization.Authorize(1, DeviceA, "session-2").Reason);
    }

    [Fact]
    public void Unregistered_client_id_is_foreign()
    {
        var check = New().Authorize(7, DeviceA, string.Empty);

        Assert.Equal(RejectionReason.ForeignSender, check.Reason);
        Assert.Contains("client 7 is not registered", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_device_needs_no_session_where_no_path_can_be_forged()
    {
        var authorization = New();
        var local = ActorPath.Parse("akka://scalefl/user/device-0");

        Assert.Equal(string.Empty, authorization.Register(0, local, local, requireSession: false).Session);
        Assert.True(authorization.Authorize(0, local, string.Empty).IsAccepted);
    }

    [Fact]
    public void Registration_naming_a_device_on_another_node_is_refused()
    {
        var decision = New().Register(1, DeviceB, DeviceA, requireSession: true);

        Assert.Equal(RegistrationOutcome.Refused, decision.Outcome);
        Assert.Contains("not on the sender's node", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_id_held_by_another_node_is_ignored_until_forgotten()
    {
        var authorization = New();
        authorization.Register(1, DeviceA, DeviceA, requireSession: true);

        Assert.Equal(RegistrationOutcome.Ignored, authorization.Register(1, DeviceB, DeviceB, requireSession: true).Outcome);
        Assert.True(authorization.Authorize(1, DeviceA, "session-1").IsAccepted);

        authorization.Forget(1);
        var rejoined = authorization.Register(1, DeviceB, DeviceB, requireSession: true);

        Assert.Equal(RegistrationOutcome.Accepted, rejoined.Outcome);
        Assert.Equal(RejectionReason.ForeignSender, authorization.Authorize(1, DeviceA, "session-1").Reason);
        Assert.True(authorization.Authorize(1, DeviceB, rejoined.Session).IsAccepted);
    }

    [Fact]
    public void Same_device_registering_again_keeps_its_session_and_a_new_actor_on_its_node_gets_a_new_one()
    {
        var authorization = New();
        authorization.Register(1, DeviceA, DeviceA, requireSession: true);

        Assert.Equal("session-1", authorization.Register(1, DeviceA, DeviceA, requireSession: true).Session);
        Assert.Equal("session-2", authorization.Register(1, OtherActorOnA, OtherActorOnA, requireSession: true).Session);
        Assert.Equal(RejectionReason.ForeignSender, authorization.Authorize(1, DeviceA, "session-1").Reason);
    }

    [Fact]
    public void Default_sessions_are_distinct_128_bit_values()
    {
        var authorization = new DeviceAuthorization();

        var first = authorization.Register(1, DeviceA, DeviceA, requireSession: true).Session;
        var second = authorization.Register(2, DeviceB, DeviceB, requireSession: true).Session;

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
    }

    private DeviceAuthorization New() => new(() => $"session-{++sessions}");
}
