namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// The names nodes agree on without configuration: the actor system, the two roles and the
/// well-known actor names a client resolves on the server member's address.
/// </summary>
public static class ClusterNames
{
    /// <summary>Actor system name of every node; seed addresses read <c>akka.tcp://scalefl@HOST:PORT</c>.</summary>
    public const string SystemName = "scalefl";

    /// <summary>Role of the node running the aggregator, mentor and harmonizer.</summary>
    public const string ServerRole = "server";

    /// <summary>Role of a device node.</summary>
    public const string ClientRole = "client";

    /// <summary>The aggregator, at <c>/user/scalefl-aggregator</c> on the server node.</summary>
    public const string Aggregator = "scalefl-aggregator";

    /// <summary>The curriculum mentor, at <c>/user/scalefl-mentor</c> on the server node.</summary>
    public const string Mentor = "scalefl-mentor";

    /// <summary>The training harmonizer, at <c>/user/scalefl-harmonizer</c> on the server node.</summary>
    public const string Harmonizer = "scalefl-harmonizer";

    /// <summary>The run observer, at <c>/user/scalefl-observer</c> on the server node.</summary>
    public const string Observer = "scalefl-observer";

    /// <summary>A client node's locator, at <c>/user/scalefl-client</c>; its device is the child <c>device</c>.</summary>
    public const string Client = "scalefl-client";

    /// <summary>The device actor's name under <see cref="Client"/>.</summary>
    public const string Device = "device";

    /// <summary>The aggregator's path relative to a node address.</summary>
    public const string AggregatorPath = "/user/" + Aggregator;
}
