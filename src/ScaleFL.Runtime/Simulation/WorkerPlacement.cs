using Akka.Actor;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Runtime.Simulation;

/// <summary>
/// Where a simulation's devices run when they are spread over worker processes (<c>scalefl
/// simulate --workers K</c> or <c>--expect-workers K</c>): the server node's actor system (a cluster
/// member with the server role, whose workers join with <c>scalefl worker</c>), how many workers to
/// wait for before placing the devices, and what the workers learn from the server.
/// </summary>
public sealed record WorkerPlacement
{
    /// <summary>The server node's system; the caller starts and disposes the node.</summary>
    public required ActorSystem System { get; init; }

    /// <summary>Workers to wait for before the devices are placed. At least 1.</summary>
    public required int ExpectedWorkers { get; init; }

    /// <summary>The experiment the workers load their devices' shares for (answered to their locators).</summary>
    public required ExperimentSpec Experiment { get; init; }

    /// <summary>SHA-256 (hex) of the join secret the workers' devices must prove; null for none.</summary>
    public string? JoinSecretHash { get; init; }

    /// <summary>
    /// True when the workers are this machine's own processes (<c>--workers K</c>): when all are gone,
    /// none will come back and the run ends at once. False (workers started elsewhere): the run waits
    /// up to <see cref="RegistrationTimeout"/> for a new worker. Default false.
    /// </summary>
    public bool LocalWorkers { get; init; }

    /// <summary>
    /// Completes with the first local worker process to exit (<c>--workers K</c>; null: none started
    /// here). While the workers are still awaited that ends the run at once
    /// (<see cref="Workers.WorkerShortage.ExitedBeforeJoining"/>) instead of waiting for a process
    /// nobody restarts.
    /// </summary>
    public Task<Workers.DevicePlacement.LocalWorkerExited>? FirstLocalExit { get; init; }

    /// <summary>How long the server waits for every device to register, at the start and after a worker left. Positive; default 10 minutes.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Hears progress lines of the placement (workers joined, devices re-homed), on an actor thread.</summary>
    public Action<string> Report { get; init; } = _ => { };
}
