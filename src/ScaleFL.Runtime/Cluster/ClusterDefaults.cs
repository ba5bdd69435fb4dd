namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// Cluster settings every node starts from, beneath a <c>cluster-config/</c> file and the
/// command-line flags. The commented copy of each key is in <c>cluster-config/local-simulation.conf</c>.
/// </summary>
public static class ClusterDefaults
{
    /// <summary>
    /// Downing decided by the server alone (<see cref="Downing.ServerDowningProvider"/>): the
    /// server downs a client unreachable for <c>scalefl.downing.down-unreachable-after</c>; no
    /// client downs anyone, so no client's view can remove the server. A client that loses the
    /// server rejoins (<c>scalefl.client.server-lost-after</c>, <c>rejoin-timeout</c>). Akka's log
    /// reaches the console one line per event (<see cref="Logging.ConsoleLogLine"/>).
    /// </summary>
    public const string Hocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          remote.log-remote-lifecycle-events = off
          cluster {
            downing-provider-class = "ScaleFL.Runtime.Cluster.Downing.ServerDowningProvider, ScaleFL.Runtime"
            failure-detector {
              heartbeat-interval = 1s
              acceptable-heartbeat-pause = 5s
            }
            log-info = off
          }
          coordinated-shutdown.exit-clr = off
          # Simulated devices on workers (ScaleFL.Runtime.Workers.DeviceShards): stopped only when their worker leaves.
          cluster.sharding {
            passivate-idle-entity-after = off
            remember-entities = off
          }
        }
        scalefl {
          server {
            round-deadline = 10m
            client-wait = 10m
          }
          client {
            join-timeout = 30s
            server-lost-after = 15s
            rejoin-timeout = 300s
          }
          downing {
            down-unreachable-after = 10s
          }
        }
        """ + "\n" + Logging.ConsoleLogger.Hocon;
}
