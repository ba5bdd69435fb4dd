using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Memory;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Faults;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;

namespace ScaleFL.Runtime.Cluster;

/// <summary>The aggregator a client found and the experiment it runs (null from a server started without one).</summary>
public sealed record ServerContact(IActorRef Aggregator, ExperimentSpec? Experiment)
{
    /// <summary>The server's fault plan; a device it names runs behind a <see cref="Faults.FaultInjector"/>. Empty by default.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;
}

/// <summary>
/// The client role on one cluster node: finds the server through cluster membership and learns its
/// experiment (<see cref="ServerFound"/>), then, once the caller has loaded its data for that
/// experiment, runs one <see cref="ClientDevice"/> (at <c>/user/scalefl-client/device</c>) that
/// registers with the aggregator and trains when asked. How it ends: the server says the run
/// ended (<see cref="RunEnded"/>), refuses the device (<see cref="Refused"/>), or is lost
/// (<see cref="ServerLost"/>, decided by the <see cref="RejoinPolicy"/>), after which the caller
/// replaces this node with a new one and connects again.
/// </summary>
public sealed class FederationClient
{
    private readonly TaskCompletionSource<string> refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<RunEnded> runEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RejoinPolicy policy;

    private FederationClient(IActorRef locator, Task<ServerContact> serverFound, Task serverLost, RejoinPolicy policy)
    {
        Locator = locator;
        ServerFound = serverFound;
        ServerLost = serverLost;
        this.policy = policy;
    }

    /// <summary>The locator actor (<c>/user/scalefl-client</c>); stopping it stops the device.</summary>
    public IActorRef Locator { get; }

    /// <summary>Completes with the aggregator and its experiment once both answered.</summary>
    public Task<ServerContact> ServerFound { get; }

    /// <summary>
    /// Completes when this node lost the server without hearing that the run ended: the server
    /// stayed unreachable for <see cref="RejoinPolicy.LostAfter"/>, or left the membership, or
    /// this node was removed or stopped.
    /// </summary>
    public Task ServerLost { get; }

    /// <summary>Completes with the server's one-line reason when it refuses this device's registration.</summary>
    public Task<string> Refused => refused.Task;

    /// <summary>Completes with the device's client id (its share's, or the one the server handed out) when the server first acknowledges it.</summary>
    public Task<int> Registered => registered.Task;

    /// <summary>Completes when the server said its run ended (finished, or failed with a reason).</summary>
    public Task<RunEnded> RunEnded => runEnded.Task;

    /// <summary>
    /// Starts looking for the server; call <see cref="StartDevice"/> once <see cref="ServerFound"/>
    /// completed. <paramref name="policy"/> (kept across the nodes of one client process) decides
    /// when the server is lost; by default the node's <c>scalefl.client</c> settings.
    /// </summary>
    public static FederationClient Connect(ActorSystem system, RejoinPolicy? policy = null)
    {
        policy ??= DefaultPolicy(system);
        var found = new TaskCompletionSource<ServerContact>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var locator = system.ActorOf(ServerLocator.Props(found, lost, policy), ClusterNames.Client);
        return new FederationClient(locator, found.Task, lost.Task, policy);
    }

    /// <summary>The rejoin policy of a node's <c>scalefl.client.server-lost-after</c> and <c>rejoin-timeout</c>.</summary>
    public static RejoinPolicy DefaultPolicy(ActorSystem system, TimeProvider? time = null) => new(
        system.Settings.Config.GetTimeSpan("scalefl.client.server-lost-after", TimeSpan.FromSeconds(15)),
        system.Settings.Config.GetTimeSpan("scalefl.client.rejoin-timeout", TimeSpan.FromMinutes(5)),
        time ?? TimeProvider.System);

    /// <summary>
    /// Finds the server and starts the device at once: for callers whose data does not depend on
    /// the server's experiment (tests, a device with its own files).
    /// </summary>
    public static FederationClient Start(ActorSystem system, ClientDeviceSettings settings, ClientDataView data, TrainingExecutor executor, TimeProvider? time = null)
    {
        settings.Validate();
        var client = Connect(system);
        client.ServerFound.ContinueWith(
            _ => client.StartDevice(settings, data, executor, time), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return client;
    }

    /// <summary>Starts the device: it registers with the found aggregator and trains <paramref name="data"/> on <paramref name="executor"/>.</summary>
    public void StartDevice(ClientDeviceSettings settings, ClientDataView data, TrainingExecutor executor, TimeProvider? time = null, IStagePeakGauge? gauge = null)
    {
        settings.Validate();
        var events = new DeviceEvents(
            reason => refused.TrySetResult(reason),
            id =>
            {
                policy.Registered();
                registered.TrySetResult(id);
            },
            ended => runEnded.TrySetResult(ended));
        // A device the server's fault plan names runs behind the simulation's injector, in this process.
        var faults = ServerFound.IsCompletedSuccessfully ? ServerFound.Result.Faults : FaultPlan.None;
        var injected = faults.Faults.Count > 0 && (settings.ClientId == ClientIds.Any || faults.Clients.Contains(settings.ClientId));
        Locator.Tell(new ServerLocator.StartDevice(server => injected
            ? FaultInjection.Props(settings, server, data, executor, time ?? TimeProvider.System, faults, events)
            : ClientDeviceProtocol.Props(settings, server, data, executor, time, events, gauge: gauge)));
    }
}
