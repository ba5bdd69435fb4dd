using Akka.Actor;
using Akka.Event;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// The worker role on one cluster node (<c>scalefl worker</c>): the sharding region that hosts
/// simulated devices (<see cref="HostedDevice"/> entities) and the anchor at
/// <c>/user/scalefl-worker</c> that hears the end of the run from the server's node. How it
/// ends: <see cref="RunEnded"/> (from the server), or <see cref="Failed"/> (a device refused, a
/// share unreadable); losing the server is the caller's to notice (its <c>FederationClient</c>).
/// </summary>
public sealed class WorkerHost
{
    private WorkerHost(Task<WorkerRunEnded> runEnded, Task<string> failed)
    {
        RunEnded = runEnded;
        Failed = failed;
    }

    /// <summary>Completes when the server's node says the run ended.</summary>
    public Task<WorkerRunEnded> RunEnded { get; }

    /// <summary>Completes with one line when this worker cannot host its devices.</summary>
    public Task<string> Failed { get; }

    /// <summary>Starts the anchor and the device region on <paramref name="system"/>, which must be a member with role <see cref="WorkerNames.Role"/>.</summary>
    public static WorkerHost Start(ActorSystem system, DeviceHosting hosting)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(hosting);
        var ended = new TaskCompletionSource<WorkerRunEnded>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        hosting = hosting with { Failed = line => failed.TrySetResult(line) };
        system.ActorOf(Akka.Actor.Props.Create(() => new Anchor(hosting.Server.Path.Address, ended)), WorkerNames.Worker);
        DeviceShards.StartRegion(system, HostedDevice.Props(hosting));
        return new WorkerHost(ended.Task, failed.Task);
    }

    /// <summary>Takes the end of the run only from the server's node (another member's claim is logged and dropped).</summary>
    private sealed class Anchor : ReceiveActor
    {
        public Anchor(Address server, TaskCompletionSource<WorkerRunEnded> ended)
        {
            var log = Context.GetLogger();
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
    }
}
