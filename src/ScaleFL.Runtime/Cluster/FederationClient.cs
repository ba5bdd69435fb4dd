using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// The client role on a cluster node: finds the server through cluster membership, then runs
/// one <see cref="ClientDevice"/> (at <c>/user/scalefl-client/device</c>) that registers with the
/// aggregator and trains when asked.
/// </summary>
public sealed class FederationClient
{
    private FederationClient(IActorRef locator, Task<IActorRef> serverFound, Task serverLeft)
    {
        Locator = locator;
        ServerFound = serverFound;
        ServerLeft = serverLeft;
    }

    /// <summary>The locator actor (<c>/user/scalefl-client</c>); stopping it stops the device.</summary>
    public IActorRef Locator { get; }

    /// <summary>Completes with the aggregator once it is identified and the device started.</summary>
    public Task<IActorRef> ServerFound { get; }

    /// <summary>Completes when the server member has left the cluster (the run is over) or the locator stopped.</summary>
    public Task ServerLeft { get; }

    /// <summary>
    /// Starts the client role: the device gets <paramref name="settings"/>, trains on
    /// <paramref name="data"/> on <paramref name="executor"/> with the objectives of
    /// <paramref name="objectives"/>.
    /// </summary>
    public static FederationClient Start(
        ActorSystem system, ClientDeviceSettings settings, ClientDataView data, TrainingExecutor executor, IObjectiveFactory objectives, TimeProvider? time = null)
    {
        settings.Validate();
        var found = new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var locator = system.ActorOf(
            ServerLocator.Props(server => ClientDeviceProtocol.Props(settings, server, data, executor, objectives, time), found, left),
            ClusterNames.Client);
        return new FederationClient(locator, found.Task, left.Task);
    }
}
