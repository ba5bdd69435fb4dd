using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace ScaleFL.Cli.Bench;

/// <summary>Collects every warning and error an ActorSystem logs, for the heartbeat check.</summary>
internal sealed class WarningLog : ReceiveActor
{
    public WarningLog(ConcurrentQueue<string> lines)
    {
        Receive<Warning>(warning => lines.Enqueue($"WARNING {warning.LogSource}: {warning.Message}"));
        Receive<Error>(error => lines.Enqueue($"ERROR {error.LogSource}: {error.Message} {error.Cause?.Message}"));
    }

    /// <summary>Subscribes a collector to <paramref name="system"/>'s warnings and errors.</summary>
    public static ConcurrentQueue<string> Attach(ActorSystem system)
    {
        var lines = new ConcurrentQueue<string>();
        var collector = system.ActorOf(Props.Create(() => new WarningLog(lines)), "bench-warnings");
        system.EventStream.Subscribe(collector, typeof(Warning));
        system.EventStream.Subscribe(collector, typeof(Error));
        return lines;
    }

    /// <summary>Whether a log line is about heartbeats or the failure detector (a starved connection).</summary>
    public static bool IsHeartbeatWarning(string line) =>
        line.Contains("heartbeat", StringComparison.OrdinalIgnoreCase) ||
        line.Contains("unreachable", StringComparison.OrdinalIgnoreCase) ||
        line.Contains("quarantin", StringComparison.OrdinalIgnoreCase);
}
