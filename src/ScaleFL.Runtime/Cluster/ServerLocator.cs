using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static ScaleFL.Runtime.Server.AggregatorProtocol;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// A client node's anchor. Searching: waits for a member with the server role, identifies the
/// aggregator at <see cref="ClusterNames.AggregatorPath"/> on that member's address and asks it
/// for its experiment (retrying until both answer), then completes <c>serverFound</c>. Only an
/// identity whose actor lives on the server's node counts, and the experiment is taken only as the
/// answer to this locator's own request (through its ask, at a temporary path no other node knows):
/// Akka.Remote does not check the sender an envelope names, so an <see cref="ExperimentResponse"/>
/// told to this actor, whoever it claims to come from, is ignored. Serving:
/// starts the device when told (<see cref="StartDevice"/>). In both states it reports the
/// server's reachability and removal (and this node's own removal) to the <see cref="RejoinPolicy"/>
/// and completes <c>serverLost</c> once the policy counts the server as lost.
/// </summary>
internal sealed class ServerLocator : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan IdentifyRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LossCheck = TimeSpan.FromSeconds(1);

    // Long enough for a fault plan of some megabytes to arrive in chunks over a slow link.
    private static readonly TimeSpan ExperimentWait = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource<ServerContact> serverFound;
    private readonly TaskCompletionSource serverLost;
    private readonly RejoinPolicy policy;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private Address? serverAddress;
    private IActorRef? aggregator;

    // True once this node saw the server in trouble; the policy may say "lost" from an earlier node's loss.
    private bool troubled;

    public ServerLocator(TaskCompletionSource<ServerContact> serverFound, TaskCompletionSource serverLost, RejoinPolicy policy)
    {
        this.serverFound = serverFound;
        this.serverLost = serverLost;
        this.policy = policy;
        Searching();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TaskCompletionSource<ServerContact> serverFound, TaskCompletionSource serverLost, RejoinPolicy policy) =>
        Akka.Actor.Props.Create(() => new ServerLocator(serverFound, serverLost, policy));

    protected override void PreStart()
    {
        AkkaCluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(LossTick.Instance, LossTick.Instance, LossCheck);
    }

    protected override void PostStop()
    {
        AkkaCluster.Get(Context.System).Unsubscribe(Self);
        serverLost.TrySetResult();
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
        Receive<ExperimentAnswered>(HandleExperiment);
        Receive<ExperimentResponse>(IgnoreUnasked);
        Receive<Status.Failure>(_ => { });
        Liveness();
    }

    private void Serving()
    {
        Receive<ClusterEvent.MemberUp>(_ => { });
        Receive<ActorIdentity>(_ => { });
        Receive<IdentifyTick>(_ => { });
        Receive<ExperimentAnswered>(_ => { });
        Receive<ExperimentResponse>(IgnoreUnasked);
        Receive<Status.Failure>(_ => { });
        Receive<StartDevice>(start => Context.ActorOf(start.DeviceProps(aggregator!), ClusterNames.Device));
        Liveness();
    }

    private void Liveness()
    {
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            if (unreachable.Member.Address.Equals(serverAddress))
            {
                troubled = true;
                policy.ServerUnreachable();
            }
        });
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            if (reachable.Member.Address.Equals(serverAddress))
            {
                policy.ServerReachable();
            }
        });
        Receive<ClusterEvent.MemberRemoved>(HandleRemoved);
        Receive<LossTick>(_ => CheckLoss());
    }

    private void Identify() =>
        Context.ActorSelection(new RootActorPath(serverAddress!) / "user" / ClusterNames.Aggregator).Tell(new Identify(serverAddress!.ToString()));

    private void HandleIdentity(ActorIdentity identity)
    {
        if (identity.Subject is not { } found)
        {
            // The server node is up but has not started its actors yet; the timer asks again.
            return;
        }

        if (!found.Path.Address.Equals(serverAddress))
        {
            log.Warning("Ignored an identity naming {0}, not an actor of the server {1}", found.Path, serverAddress);
            return;
        }

        // Until the experiment arrives the timer keeps identifying, which also repeats this ask: a
        // request lost while the association forms costs a second, not the ask's timeout. (A plan
        // over one frame may then travel more than once; the first copy to arrive is taken.)
        found.Ask<ExperimentResponse>(new GetExperiment(), ExperimentWait)
            .PipeTo(Self, success: response => new ExperimentAnswered(response, found));
    }

    private void HandleExperiment(ExperimentAnswered answered)
    {
        Timers.Cancel(IdentifyTick.Instance);
        aggregator = answered.Aggregator;
        serverFound.TrySetResult(new ServerContact(answered.Aggregator, answered.Response.Experiment) { Faults = answered.Response.Faults });
        Become(Serving);
    }

    private void IgnoreUnasked(ExperimentResponse response) =>
        log.Warning("Ignored an experiment told to this node by {0}: only the server's answer to this node's request counts", Sender.Path);

    private void HandleRemoved(ClusterEvent.MemberRemoved removed)
    {
        var self = AkkaCluster.Get(Context.System).SelfAddress;
        if (removed.Member.Address.Equals(serverAddress) || removed.Member.Address.Equals(self))
        {
            log.Info("{0} left the cluster", removed.Member.Address);
            troubled = true;
            policy.ServerRemoved();
            CheckLoss();
        }
    }

    private void CheckLoss()
    {
        if (troubled && policy.ServerLost)
        {
            serverLost.TrySetResult();
        }
    }

    /// <summary>Local only: the aggregator's answer to this locator's own request.</summary>
    private sealed record ExperimentAnswered(ExperimentResponse Response, IActorRef Aggregator);

    /// <summary>Starts the device with the props made for the found aggregator.</summary>
    internal sealed record StartDevice(Func<IActorRef, Props> DeviceProps);

    private sealed class LossTick
    {
        public static readonly LossTick Instance = new();

        private LossTick()
        {
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
