using Akka.Actor;
using Akka.Cluster.Sharding;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// Placement of simulated devices by Akka.Cluster.Sharding: one entity per device (its client
/// id), devices spread over <see cref="Shards"/> shards by <c>id mod Shards</c>, shards allocated by
/// the coordinator's least-shard strategy over the nodes of role <see cref="WorkerNames.Role"/>;
/// the server runs only a proxy. When a worker leaves, its shards are allocated to the others at
/// the next message for them (<see cref="DevicePlacement"/> re-sends <see cref="HostDevice"/>). Entities are
/// never passivated for being idle (<see cref="Cluster.ClusterDefaults"/>): a device hears from the server
/// directly, not through sharding.
/// </summary>
public static class DeviceShards
{
    /// <summary>Shards of the device type; both sides must agree. 100 spreads 100 devices one per shard and 1,000 ten per shard.</summary>
    public const int Shards = 100;

    /// <summary>Starts the region that hosts devices on a worker node; <paramref name="entity"/> gives the props of a device's entity.</summary>
    public static IActorRef StartRegion(ActorSystem system, Props entity) =>
        ClusterSharding.Get(system).Start(WorkerNames.DeviceType, entity, ClusterShardingSettings.Create(system).WithRole(WorkerNames.Role), new Extractor());

    /// <summary>Starts the proxy the server sends <see cref="HostDevice"/> through; it hosts nothing.</summary>
    public static IActorRef StartProxy(ActorSystem system) =>
        ClusterSharding.Get(system).StartProxy(WorkerNames.DeviceType, WorkerNames.Role, new Extractor());

    /// <summary>The shard of a client id.</summary>
    public static string ShardOf(int clientId) => (clientId % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Entity id = client id, shard = client id mod <see cref="Shards"/>; only <see cref="HostDevice"/> is routed.</summary>
    private sealed class Extractor : IMessageExtractor
    {
        public string? EntityId(object message) => message is HostDevice host ? host.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

        public object? EntityMessage(object message) => message;

        public string? ShardId(object message) => message is HostDevice host ? ShardOf(host.ClientId) : null;

        public string ShardId(string entityId, object? messageHint = null) =>
            int.TryParse(entityId, out var id) && id >= 0 ? ShardOf(id) : "invalid";
    }
}
