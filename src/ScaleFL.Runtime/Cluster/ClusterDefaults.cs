namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// Cluster settings every node starts from, beneath a <c>cluster-config/</c> file and the
/// command-line flags. The commented copy of each key is in <c>cluster-config/local-simulation.conf</c>.
/// </summary>
public static class ClusterDefaults
{
    /// <summary>
    /// Keep-oldest split-brain resolution limited to the server role: whichever side holds the
    /// server survives, so a crashed or cut-off client is downed (and counted as a dropout) and
    /// clients that lose the server down themselves and exit. Never "down all when unstable": under
    /// churn that rule downed the server too.
    /// </summary>
    public const string Hocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          remote.log-remote-lifecycle-events = off
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-oldest
              stable-after = 7s
              down-all-when-unstable = off
              keep-oldest {
                down-if-alone = off
                role = "server"
              }
            }
            failure-detector {
              heartbeat-interval = 1s
              acceptable-heartbeat-pause = 5s
            }
            log-info = off
          }
          coordinated-shutdown.exit-clr = off
        }
        scalefl {
          server {
            round-deadline = 10m
            client-wait = 10m
          }
          client {
            join-timeout = 30s
          }
        }
        """;
}
