using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// A client node's anchor. Searching: waits for a member with the server role, then identifies
/// the aggregator at <see cref="ClusterNames.AggregatorPath"/> on that member's address
/// (retrying until it answers) and starts the device with it. Serving: completes
/// <c>serverLeft</c> when the server member is removed, which ends the client.
/// </summary>
internal sealed class ServerLocator : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan IdentifyRetry = TimeSpan.FromSeconds(1);
    private readonly Func<IActorRef, Props> deviceProps;
    private readonly TaskCompletionSource<IActorRef> serverFound;
    private readonly TaskCompletionSource serverLeft;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private Address? serverAddress;

    public ServerLocator(Func<IActorRef, Props> deviceProps, TaskCompletionSource<IActorRef> serverFound, TaskCompletionSource serverLeft)
    {
        this.deviceProps = deviceProps;
        this.serverFound = serverFound;
        this.serverLeft = serverLeft;
        Searching();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Func<IActorRef, Props> deviceProps, TaskCompletionSource<IActorRef> serverFound, TaskCompletionSource serverLeft) =>
        Akka.Actor.Props.Create(() => new ServerLocator(deviceProps, serverFound, serverLeft));

    protected override void PreStart() =>
        AkkaCluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop()
    {
        AkkaCluster.Get(Context.System).Unsubscribe(Self);
        serverLeft.TrySetResult();
    }

    private void Searching()
    {
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (serverAddress is null && up.Member.HasRole(ClusterNames.ServerRole))
            {
                serverAddress = up.Member.Address;
                Identify();
                Timers.StartPeriodicTimer(IdentifyTick.Instance, IdentifyTick.Instance, IdentifyRetry);
            }
        });
        Receive<IdentifyTick>(_ => Identify());
        Receive<ActorIdentity>(HandleIdentity);
        Receive<ClusterEvent.MemberRemoved>(HandleRemoved);
    }

    private void Serving()
    {
        Receive<ClusterEvent.MemberUp>(_ => { });
        Receive<ActorIdentity>(_ => { });
        Receive<IdentifyTick>(_ => { });
        Receive<ClusterEvent.MemberRemoved>(HandleRemoved);
    }

    private void Identify() =>
        Context.ActorSelection(new RootActorPath(serverAddress!) / "user" / ClusterNames.Aggregator).Tell(new Identify(serverAddress!.ToString()));

    private void HandleIdentity(ActorIdentity identity)
    {
        if (identity.Subject is not { } aggregator)
        {
            // The server node is up but has not started its actors yet; the timer asks again.
            return;
        }

        Timers.Cancel(IdentifyTick.Instance);
        Context.ActorOf(deviceProps(aggregator), ClusterNames.Device);
        serverFound.TrySetResult(aggregator);
        Become(Serving);
    }

    private void HandleRemoved(ClusterEvent.MemberRemoved removed)
    {
        if (removed.Member.Address.Equals(serverAddress))
        {
            log.Info("The server {0} left the cluster", removed.Member.Address);
            serverLeft.TrySetResult();
            Context.Stop(Self);
        }
    }

    private sealed class IdentifyTick
    {
        public static readonly IdentifyTick Instance = new();

        private IdentifyTick()
        {
        }
    }
}
