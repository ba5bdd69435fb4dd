using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Security;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// The worker role on one cluster node (<c>scalefl worker</c>): the anchor at
/// <c>/user/scalefl-worker</c>, which joins the server's placement with a proof of the join secret
/// (<see cref="Admitted"/>) and hears the end of the run from the server's node, and, once admitted,
/// the sharding region that hosts simulated devices (<see cref="HostDevices"/>). How it ends:
/// <see cref="RunEnded"/> (from the server), or <see cref="Failed"/> (refused by the server, a device
/// refused, a share unreadable); losing the server, or a server that never answers the join (not a
/// worker-hosted simulation), is the caller's to notice.
/// </summary>
public sealed class WorkerHost
{
    private readonly ActorSystem system;
    private readonly DeviceHosting hosting;

    private WorkerHost(ActorSystem system, DeviceHosting hosting, Task admitted, Task<WorkerRunEnded> runEnded, Task<string> failed)
    {
        this.system = system;
        this.hosting = hosting;
        Admitted = admitted;
        RunEnded = runEnded;
        Failed = failed;
    }

    /// <summary>Completes when the server's placement admitted this worker (its join proof held).</summary>
    public Task Admitted { get; }

    /// <summary>Completes when the server's node says the run ended.</summary>
    public Task<WorkerRunEnded> RunEnded { get; }

    /// <summary>Completes with one line when this worker cannot host its devices (the server refused it, a device, or a share).</summary>
    public Task<string> Failed { get; }

    /// <summary>
    /// Starts the anchor on <paramref name="system"/> (a member with role <see cref="WorkerNames.Role"/>),
    /// which asks the server's placement to admit this worker every second until it answers.
    /// </summary>
    public static WorkerHost Start(ActorSystem system, DeviceHosting hosting)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(hosting);
        var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<WorkerRunEnded>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        hosting = hosting with { Failed = line => failed.TrySetResult(line) };
        system.ActorOf(Props.Create(() => new Anchor(hosting, admitted, ended)), WorkerNames.Worker);
        return new WorkerHost(system, hosting, admitted.Task, ended.Task, failed.Task);
    }

    /// <summary>Starts the device region, after <see cref="Admitted"/>: only then may the coordinator place devices here.</summary>
    public void HostDevices() => DeviceShards.StartRegion(system, HostedDevice.Props(hosting));

    /// <summary>Joins the server's placement, then takes the end of the run only from the server's node (another member's claim is logged and dropped).</summary>
    private sealed class Anchor : ReceiveActor, IWithTimers
    {
        private static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(1);
        private readonly DeviceHosting hosting;
        private readonly Address server;

        public Anchor(DeviceHosting hosting, TaskCompletionSource admitted, TaskCompletionSource<WorkerRunEnded> ended)
        {
            this.hosting = hosting;
            server = hosting.Server.Path.Address;
            var log = Context.GetLogger();
            Receive<JoinTick>(_ => Join());
            Receive<WorkerAdmitted>(_ =>
            {
                if (Sender.Path.Address == server)
                {
                    Timers.Cancel(JoinTick.Instance);
                    admitted.TrySetResult();
                }
            });
            Receive<WorkerRefused>(refusal =>
            {
                if (Sender.Path.Address == server)
                {
                    Timers.Cancel(JoinTick.Instance);
                    hosting.Failed($"the server refused this worker: {refusal.Reason}");
                }
            });
            Receive<WorkerRunEnded>(end =>
            {
                if (Sender.Path.Address != server)
                {
                    log.Warning("Ignored a run end from {0}: only the server at {1} ends the run", Sender.Path.Address, server);
                    return;
                }

                Sender.Tell(new WorkerRunEndedAck());
                ended.TrySetResult(end);
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            Join();
            Timers.StartPeriodicTimer(JoinTick.Instance, JoinTick.Instance, JoinRetry);
        }

        // A fresh proof each time: the server takes each proof once.
        private void Join() =>
            Context.ActorSelection(new RootActorPath(server) / "user" / WorkerNames.Placement)
                .Tell(new JoinWorker(JoinProof.Create(hosting.JoinToken, WorkerProofId, JoinProof.Binding(Context.System, Self), hosting.Time.GetUtcNow())));

        private sealed class JoinTick
        {
            public static readonly JoinTick Instance = new();

            private JoinTick()
            {
            }
        }
    }
}
