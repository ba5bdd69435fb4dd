using Akka.Configuration;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// A node's configuration (a <c>cluster-config/</c> file given with <c>--config</c>, or the defaults
/// under it) holds a value the node cannot start with. The message names the setting and the rule
/// in one line, for the command line to print as it is. Thrown before the actor system starts
/// (<see cref="ClusterNode.StartAsync"/>), so the user never sees Akka.Hosting's start-up failure and
/// its stack trace; the extensions that read the same settings throw it too, by the same rule.
/// </summary>
public sealed class NodeConfigException : ConfigurationException
{
    /// <summary>A refused setting; <paramref name="message"/> names it.</summary>
    public NodeConfigException(string message, Exception? inner = null)
        : base(message, inner!)
    {
    }
}
