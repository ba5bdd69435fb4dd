using ScaleFL.Core.Simulation;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// Contract between a simulation's server node and its worker nodes (issue "simulated devices
/// spread over cluster nodes"): the server's <see cref="DevicePlacement"/> asks Akka.Cluster.Sharding
/// to host each simulated device somewhere (<see cref="HostDevice"/>, routed by <see cref="DeviceShards"/>);
/// the <see cref="HostedDevice"/> entity on a worker answers <see cref="DeviceHosted"/> once its device
/// runs; at the end of the run every worker hears <see cref="WorkerRunEnded"/>.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>Marker of the messages that cross the wire; bound to <see cref="Serialization.WorkerSerializer"/>.</summary>
    public interface IWorkerMessage;

    /// <summary>
    /// Host simulated device <paramref name="ClientId"/> with the profile the server drew from the
    /// run's seed (the same <see cref="ClientProfile"/> the one-process simulation gives it). Idempotent:
    /// the entity answers <see cref="DeviceHosted"/> again when its device already runs.
    /// </summary>
    /// <param name="ClientId">The device, 0-based; its data is share <c>ClientId + 1</c> of the experiment's split.</param>
    /// <param name="BudgetBytes">Training memory the device can give, in bytes.</param>
    /// <param name="SpeedFactor">Relative compute speed (1 = this machine); greater than 0.</param>
    /// <param name="DropoutProbability">Chance per round of a silent dropout, 0 to 1.</param>
    /// <param name="SecondsPerStep">Nominal simulated seconds per optimizer step, or null for measured time.</param>
    public sealed record HostDevice(int ClientId, long BudgetBytes, double SpeedFactor, double DropoutProbability, double? SecondsPerStep) : IWorkerMessage
    {
        /// <summary>The order for a drawn profile.</summary>
        public static HostDevice Of(ClientProfile profile, double? secondsPerStep)
        {
            ArgumentNullException.ThrowIfNull(profile);
            return new(profile.Id, profile.MemoryBudgetBytes, profile.SpeedFactor, profile.DropoutProbability, secondsPerStep);
        }

        /// <summary>The simulated device's settings: the profile, with drawn dropouts announced (the one source of both engines' devices).</summary>
        public ClientDeviceSettings Settings() => new()
        {
            ClientId = ClientId,
            BudgetBytes = BudgetBytes,
            SpeedFactor = SpeedFactor,
            DropoutProbability = DropoutProbability,
            AnnounceDropouts = true,
            SecondsPerStep = SecondsPerStep,
        };
    }

    /// <summary>The device of <paramref name="ClientId"/> runs on the sender's node (the sender is its entity, which the server watches).</summary>
    public sealed record DeviceHosted(int ClientId) : IWorkerMessage;

    /// <summary>
    /// The simulation's run is over (<paramref name="Completed"/> after its last round, otherwise failed
    /// for <paramref name="Reason"/>); sent to every worker's <see cref="WorkerNames.Worker"/> actor,
    /// which answers <see cref="WorkerRunEndedAck"/> and lets the worker process exit.
    /// </summary>
    public sealed record WorkerRunEnded(bool Completed, int Rounds, string Reason) : IWorkerMessage;

    /// <summary>The worker heard <see cref="WorkerRunEnded"/>.</summary>
    public sealed record WorkerRunEndedAck : IWorkerMessage;

    /// <summary>
    /// A worker's anchor asks the server's <see cref="WorkerNames.Placement"/> to count it and place devices
    /// on it, before it starts its device region; <paramref name="Proof"/> is a <see cref="Security.JoinProof"/>
    /// for <see cref="WorkerProofId"/> bound to the anchor's address (empty without a secret), checked as
    /// a device's registration is. Answered <see cref="WorkerAdmitted"/> or <see cref="WorkerRefused"/>;
    /// a worker that hears neither is not talking to a worker-hosted simulation.
    /// </summary>
    public sealed record JoinWorker(string Proof) : IWorkerMessage;

    /// <summary>The server counts the sender as a worker: it may start its device region.</summary>
    public sealed record WorkerAdmitted : IWorkerMessage;

    /// <summary>The server refused the worker for <paramref name="Reason"/> (one line) and downs its node.</summary>
    public sealed record WorkerRefused(string Reason) : IWorkerMessage;

    /// <summary>The client id a worker's join proof is made for: no device has it (devices are 0 and up, <c>ClientIds.Any</c> is -1).</summary>
    public const int WorkerProofId = -2;
}

/// <summary>Names the server and workers agree on without configuration.</summary>
public static class WorkerNames
{
    /// <summary>Cluster role of a worker node (<c>scalefl worker</c>); sharding places devices only on it.</summary>
    public const string Role = "worker";

    /// <summary>The worker's anchor actor, at <c>/user/scalefl-worker</c> on each worker node.</summary>
    public const string Worker = "scalefl-worker";

    /// <summary>The server's placement actor, at <c>/user/scalefl-placement</c> on the server node; workers join through it.</summary>
    public const string Placement = "scalefl-placement";

    /// <summary>The sharded entity type of simulated devices.</summary>
    public const string DeviceType = "scalefl-device";
}
