using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ScaleFL.Runtime.Logging;

/// <summary>
/// The logger of every cluster node (<c>akka.loggers</c> in <see cref="Cluster.ClusterDefaults"/>):
/// writes each event at or above <c>akka.loglevel</c> to standard output as one
/// <see cref="ConsoleLogLine"/>, so no Akka line carries a stack trace unless
/// <see cref="ConsoleLogLine.DebugVariable"/> is <c>1</c>.
/// </summary>
public sealed class ConsoleLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>
    /// The HOCON that puts <see cref="ConsoleLogger"/> and <see cref="ConsoleStdoutLogger"/> in place
    /// of Akka's own; part of <see cref="Cluster.ClusterDefaults.Hocon"/> and of the one-process simulation's configuration.
    /// </summary>
    public const string Hocon = """
        akka.loggers = ["ScaleFL.Runtime.Logging.ConsoleLogger, ScaleFL.Runtime"]
        akka.stdout-logger-class = "ScaleFL.Runtime.Logging.ConsoleStdoutLogger, ScaleFL.Runtime"
        """;

    /// <summary>Created by Akka's logging bus.</summary>
    public ConsoleLogger()
    {
        var minimum = Akka.Event.Logging.LogLevelFor(Context.System.Settings.LogLevel);
        var stackTraces = ConsoleLogLine.StackTracesWanted;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(entry =>
        {
            if (ConsoleLogLine.Format(entry, minimum, stackTraces) is { } line)
            {
                Console.Out.WriteLine(line);
            }
        });
    }
}
