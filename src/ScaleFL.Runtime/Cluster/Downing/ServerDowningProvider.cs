using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ScaleFL.Runtime.Cluster.Downing;

/// <summary>
/// The cluster's downing provider (<c>akka.cluster.downing-provider-class</c>): only the server
/// node downs, and only clients (<see cref="DowningRule"/>), after
/// <c>scalefl.downing.down-unreachable-after</c>. Replaces Akka's split-brain resolver, under
/// which every node decides and a client's view of a paused server could remove it.
/// </summary>
public sealed class ServerDowningProvider : IDowningProvider
{
    /// <summary>The configuration key of the time before an unreachable client is downed.</summary>
    public const string DownAfterKey = "scalefl.downing.down-unreachable-after";

    private readonly ActorSystem system;
    private readonly AkkaCluster cluster;

    /// <summary>Called by Akka.Cluster with the node's system and cluster.</summary>
    public ServerDowningProvider(ActorSystem system, AkkaCluster cluster)
    {
        this.system = system;
        this.cluster = cluster;
    }

    /// <inheritdoc />
    public TimeSpan DownRemovalMargin => TimeSpan.Zero;

    /// <inheritdoc />
    public Props? DowningActorProps => cluster.SelfRoles.Contains(ClusterNames.ServerRole)
        ? ServerDowning.Props(cluster, new DowningRule(system.Settings.Config.GetTimeSpan(DownAfterKey, TimeSpan.FromSeconds(10)), TimeProvider.System))
        : null;
}
