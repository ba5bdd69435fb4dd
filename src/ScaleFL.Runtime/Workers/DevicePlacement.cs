using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using ScaleFL.Runtime.Security;
using static ScaleFL.Runtime.Workers.WorkerProtocol;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// The server's side of a simulation spread over workers. Waiting: polls the sharding coordinator
/// until <c>expectedWorkers</c> worker regions registered (so the least-shard strategy spreads the
/// devices over all of them, not the first to come). Placing: sends every unhosted device's
/// <see cref="HostDevice"/> through the sharding proxy, again every <see cref="ResendInterval"/> until
/// acknowledged, watches each acknowledging entity and, when one terminates (its worker left or
/// crashed), sends its devices again so sharding re-homes them on the remaining workers (the round
/// they were in counts them dropped: the aggregator watches the devices); when no worker is left,
/// the <see cref="WorkerShortage"/> decides whether to wait for one or end the run. On <see cref="EndRun"/> it
/// tells every worker node the run ended and answers once they acknowledged or
/// <see cref="EndAckWait"/> passed (the workers then leave the cluster). The decisions are the <see cref="PlacementLedger{THost}"/>'s.
/// </summary>
public sealed class DevicePlacement : ReceiveActor, IWithTimers
{
    /// <summary>How often unacknowledged devices are asked for again (loading a share takes a moment; hosting is idempotent).</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(3);

    /// <summary>How long <see cref="EndRun"/> waits for the workers' acknowledgements.</summary>
    public static readonly TimeSpan EndAckWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RegionPoll = TimeSpan.FromMilliseconds(500);
    private readonly IActorRef proxy;
    private readonly int expectedWorkers;
    private readonly Action<string> report;
    private readonly WorkerShortage shortage;
    private readonly Action<string> giveUp;
    private readonly JoinVerifier joins;
    private readonly HashSet<Address> admitted = [];
    private readonly HashSet<Address> refused = [];
    private readonly PlacementLedger<IActorRef> ledger;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly HashSet<Address> awaitingEndAck = [];
    private readonly SortedSet<int> rehoming = [];
    private IActorRef? endAsker;
    private int regionsSeen = -1;

    /// <summary>Use <see cref="Props"/>.</summary>
    public DevicePlacement(IActorRef proxy, IReadOnlyList<HostDevice> devices, int expectedWorkers, Action<string> report, WorkerShortage shortage, Action<string> giveUp, JoinVerifier joins)
    {
        this.joins = joins;
        this.proxy = proxy;
        this.expectedWorkers = expectedWorkers;
        this.report = report;
        this.shortage = shortage;
        this.giveUp = giveUp;
        ledger = new PlacementLedger<IActorRef>(devices);
        WaitingForWorkers();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// A placement of <paramref name="devices"/> through <paramref name="proxy"/> (<see cref="DeviceShards.StartProxy"/>)
    /// once <paramref name="expectedWorkers"/> (at least 1) workers registered; <paramref name="report"/>
    /// hears progress lines for the console, on the actor's thread; <paramref name="shortage"/> decides
    /// what happens when every worker is gone, and <paramref name="giveUp"/> hears the one line that ends the run;
    /// <paramref name="joins"/> checks each worker's <see cref="JoinWorker"/> proof before it is counted.
    /// </summary>
    public static Props Props(
        IActorRef proxy, IReadOnlyList<HostDevice> devices, int expectedWorkers, Action<string> report, WorkerShortage shortage, Action<string> giveUp, JoinVerifier joins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedWorkers, 1);
        return Akka.Actor.Props.Create(() => new DevicePlacement(proxy, devices, expectedWorkers, report, shortage, giveUp, joins));
    }

    /// <inheritdoc />
    protected override void PreStart() => Timers.StartPeriodicTimer(PollTick.Instance, PollTick.Instance, RegionPoll);

    private void WaitingForWorkers()
    {
        Receive<PollTick>(_ => proxy.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5)).PipeTo(Self));
        Receive<CurrentRegions>(regions =>
        {
            // Only workers that proved the join secret count (a refused one is being downed).
            var count = regions.Regions.Count(admitted.Contains);
            if (count != regionsSeen)
            {
                regionsSeen = count;
                report($"{count} of {expectedWorkers} {(expectedWorkers == 1 ? "worker" : "workers")} joined");
            }

            if (count >= expectedWorkers)
            {
                Timers.Cancel(PollTick.Instance);
                report($"placing {ledger.Count} devices on {count} worker{(count == 1 ? string.Empty : "s")}");
                SendUnhosted();
                Timers.StartPeriodicTimer(ResendTick.Instance, ResendTick.Instance, ResendInterval);
                Become(Placing);
            }
        });
        Receive<Status.Failure>(failure => log.Debug("No answer from the sharding coordinator yet: {0}", failure.Cause.Message));
        Receive<JoinWorker>(Admit);
        Receive<LocalWorkerExited>(exited =>
        {
            var step = shortage.ExitedBeforeJoining(exited.Worker, exited.ExitCode);
            if (step.Action == ShortageAction.GiveUp)
            {
                Timers.Cancel(PollTick.Instance);
                giveUp(step.Line!);
            }
        });
        Ending();
    }

    private void Placing()
    {
        Receive<ResendTick>(_ =>
        {
            var workersLeft = LiveWorkers();
            var step = shortage.Observe(workersLeft);
            if (step.Action == ShortageAction.GiveUp)
            {
                Timers.Cancel(ResendTick.Instance);
                giveUp(step.Line!);
                return;
            }

            if (step.Line is { } line)
            {
                report(line);
            }

            if (rehoming.Count > 0 && workersLeft > 0)
            {
                // One line per worker loss, not one per device: each device's entity terminates on its own.
                report($"re-homing device(s) {string.Join(", ", rehoming)} of a worker that left on the {workersLeft} remaining worker(s)");
                rehoming.Clear();
            }

            SendUnhosted();
        });
        Receive<DeviceHosted>(hosted =>
        {
            if (ledger.Hosted(hosted.ClientId, Sender))
            {
                Context.Watch(Sender);
                if (ledger.HostedCount == ledger.Count)
                {
                    report($"all {ledger.Count} devices hosted");
                }
            }
        });
        Receive<JoinWorker>(Admit);
        Receive<Terminated>(terminated =>
        {
            var lost = ledger.Lost(terminated.ActorRef);
            if (lost.Count > 0)
            {
                rehoming.UnionWith(lost);
                SendUnhosted();
            }
        });
        Ending();
    }

    /// <summary>Last in every state, and the state after <see cref="EndRun"/>: late placement messages are dropped.</summary>
    private void Ending()
    {
        Receive<Terminated>(_ => { });
        Receive<DeviceHosted>(_ => { });
        Receive<PollTick>(_ => { });
        Receive<ResendTick>(_ => { });
        Receive<CurrentRegions>(_ => { });
        Receive<Status.Failure>(_ => { });
        Receive<LocalWorkerExited>(_ => { });
        Receive<JoinWorker>(_ => Sender.Tell(new WorkerRefused("the run has ended")));
        Receive<EndRun>(end =>
        {
            Timers.Cancel(ResendTick.Instance);
            Timers.Cancel(PollTick.Instance);
            // The workers leave now: their devices' ends are no loss.
            Become(Ending);
            endAsker = Sender;
            var ended = new WorkerRunEnded(end.Completed, end.Rounds, end.Reason);
            // A worker that is leaving or has left has nothing to acknowledge (and would be counted as silent).
            foreach (var member in LiveWorkerMembers())
            {
                awaitingEndAck.Add(member.Address);
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / WorkerNames.Worker).Tell(ended);
            }

            if (awaitingEndAck.Count == 0)
            {
                AnswerEnd();
                return;
            }

            Timers.StartSingleTimer(EndAckTimeout.Instance, EndAckTimeout.Instance, EndAckWait);
        });
        Receive<WorkerRunEndedAck>(_ =>
        {
            var worker = Sender.Path.Address;
            if (awaitingEndAck.Remove(worker) && awaitingEndAck.Count == 0)
            {
                AnswerEnd();
            }
        });
        Receive<EndAckTimeout>(_ => AnswerEnd());
    }

    private void AnswerEnd()
    {
        Timers.Cancel(EndAckTimeout.Instance);
        if (awaitingEndAck.Count > 0)
        {
            report($"{awaitingEndAck.Count} {(awaitingEndAck.Count == 1 ? "worker" : "workers")} did not acknowledge the end of the run within {EndAckWait.TotalSeconds:F0} s; they learn it when this node leaves");
        }

        endAsker?.Tell(new EndRunAck());
        endAsker = null;
    }

    /// <summary>Admitted worker members that can still host devices (an unreachable one counts until it is downed).</summary>
    private int LiveWorkers() => LiveWorkerMembers().Count();

    private IEnumerable<Member> LiveWorkerMembers() =>
        AkkaCluster.Get(Context.System).State.Members.Where(member =>
            member.HasRole(WorkerNames.Role) && admitted.Contains(member.Address) && member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up);

    /// <summary>
    /// A worker's join: its proof is checked as a device's registration is (the same key, bound to
    /// the anchor's address, fresh, used once). A refused worker hears why and its node is downed, so
    /// it never fills an expected worker's place nor gets a device's profile.
    /// </summary>
    private void Admit(JoinWorker join)
    {
        var worker = Sender.Path.Address;
        if (admitted.Contains(worker))
        {
            Sender.Tell(new WorkerAdmitted());
            return;
        }

        if (joins.Refusal(join.Proof, WorkerProofId, JoinProof.Binding(Context.System, Sender)) is { } refusal)
        {
            if (refused.Add(worker))
            {
                report($"refused the worker at {worker}: {refusal}");
                AkkaCluster.Get(Context.System).Down(worker);
            }

            Sender.Tell(new WorkerRefused(refusal));
            return;
        }

        admitted.Add(worker);
        Sender.Tell(new WorkerAdmitted());
    }

    private void SendUnhosted()
    {
        foreach (var device in ledger.Unhosted())
        {
            proxy.Tell(device);
        }
    }

    /// <summary>The run is over: tell the workers (answered with <see cref="EndRunAck"/>).</summary>
    public sealed record EndRun(bool Completed, int Rounds, string Reason);

    /// <summary>The workers were told (those that did not answer in time are named on the report line).</summary>
    public sealed record EndRunAck;

    /// <summary>
    /// A local worker process (<c>simulate --workers K</c>) exited with <paramref name="ExitCode"/>;
    /// <paramref name="Worker"/> names it for the console ("worker 2"). Sent from this process only,
    /// by whoever started the worker. Ends the run while workers are still awaited
    /// (<see cref="WorkerShortage.ExitedBeforeJoining"/>); later, a worker's loss is its member leaving.
    /// </summary>
    public sealed record LocalWorkerExited(string Worker, int ExitCode);

    private sealed class PollTick
    {
        public static readonly PollTick Instance = new();

        private PollTick()
        {
        }
    }

    private sealed class ResendTick
    {
        public static readonly ResendTick Instance = new();

        private ResendTick()
        {
        }
    }

    private sealed class EndAckTimeout
    {
        public static readonly EndAckTimeout Instance = new();

        private EndAckTimeout()
        {
        }
    }
}
