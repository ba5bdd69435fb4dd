using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Runtime.Cluster;

/// <summary>The aggregator a client found and the experiment it runs (null from a server started without one).</summary>
public sealed record ServerContact(IActorRef Aggregator, ExperimentSpec? Experiment);

/// <summary>
/// The client role on a cluster node: finds the server through cluster membership and learns its
/// experiment (<see cref="ServerFound"/>), then, once the caller has loaded its data for that
/// experiment, runs one <see cref="ClientDevice"/> (at <c>/user/scalefl-client/device</c>) that
/// registers with the aggregator and trains when asked.
/// </summary>
public sealed class FederationClient
{
    private readonly TaskCompletionSource<string> refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FederationClient(IActorRef locator, Task<ServerContact> serverFound, Task serverLeft)
    {
        Locator = locator;
        ServerFound = serverFound;
        ServerLeft = serverLeft;
    }

    /// <summary>The locator actor (<c>/user/scalefl-client</c>); stopping it stops the device.</summary>
    public IActorRef Locator { get; }

    /// <summary>Completes with the aggregator and its experiment once both answered.</summary>
    public Task<ServerContact> ServerFound { get; }

    /// <summary>Completes when the server member has left the cluster (the run is over) or the locator stopped.</summary>
    public Task ServerLeft { get; }

    /// <summary>Completes with the server's one-line reason when it refuses this device's registration.</summary>
    public Task<string> Refused => refused.Task;

    /// <summary>Completes with the device's client id (its share's, or the one the server handed out) when the server first acknowledges it.</summary>
    public Task<int> Registered => registered.Task;

    /// <summary>Starts looking for the server; call <see cref="StartDevice"/> once <see cref="ServerFound"/> completed.</summary>
    public static FederationClient Connect(ActorSystem system)
    {
        var found = new TaskCompletionSource<ServerContact>(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var locator = system.ActorOf(ServerLocator.Props(found, left), ClusterNames.Client);
        return new FederationClient(locator, found.Task, left.Task);
    }

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
    public void StartDevice(ClientDeviceSettings settings, ClientDataView data, TrainingExecutor executor, TimeProvider? time = null)
    {
        settings.Validate();
        Locator.Tell(new ServerLocator.StartDevice(server => ClientDeviceProtocol.Props(settings, server, data, executor, time, reason => refused.TrySetResult(reason), registered: id => registered.TrySetResult(id))));
    }
}
