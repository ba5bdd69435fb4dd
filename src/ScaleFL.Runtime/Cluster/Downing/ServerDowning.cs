using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Cluster.Downing;

/// <summary>
/// Applies the <see cref="DowningRule"/> on the server node: feeds it reachability and removal
/// events and downs what it decides, checking once a second. Runs only on a node with the
/// server role (<see cref="ServerDowningProvider"/> gives clients no downing actor).
/// </summary>
internal sealed class ServerDowning : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly AkkaCluster cluster;
    private readonly DowningRule rule;
    private readonly ILoggingAdapter log = Context.GetLogger();

    public ServerDowning(AkkaCluster cluster, DowningRule rule)
    {
        this.cluster = cluster;
        this.rule = rule;
        Receive<ClusterEvent.UnreachableMember>(unreachable => rule.Unreachable(unreachable.Member.Address, unreachable.Member.HasRole(ClusterNames.ServerRole)));
        Receive<ClusterEvent.ReachableMember>(reachable => rule.Reachable(reachable.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(removed => rule.Removed(removed.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<CheckTick>(_ => Check());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AkkaCluster cluster, DowningRule rule) => Akka.Actor.Props.Create(() => new ServerDowning(cluster, rule));

    protected override void PreStart()
    {
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));
        Timers.StartPeriodicTimer(CheckTick.Instance, CheckTick.Instance, CheckInterval);
    }

    protected override void PostStop() => cluster.Unsubscribe(Self);

    private void Check()
    {
        foreach (var member in rule.Decide(selfIsServer: true))
        {
            log.Warning("Downing client node {0}: unreachable for {1} s", member, rule.DownAfter.TotalSeconds);
            cluster.Down(member);
        }
    }

    private sealed class CheckTick
    {
        public static readonly CheckTick Instance = new();

        private CheckTick()
        {
        }
    }
}
