using Akka.Event;

namespace ScaleFL.Runtime.Logging;

/// <summary>
/// What prints Akka's events while no logger actor runs, as the system starts and stops
/// (<c>akka.stdout-logger-class</c>, up to <c>akka.stdout-loglevel</c>): the same one line as
/// <see cref="ConsoleLogger"/>. Akka hands it every event at or above <c>stdout-loglevel</c>
/// but not the configuration, so an event <see cref="ConsoleLogLine.LevelOf"/> demotes (the end-of-run
/// disassociation) is dropped here rather than shown at its lower level.
/// </summary>
public sealed class ConsoleStdoutLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
        if (message is not LogEvent entry)
        {
            Console.Out.WriteLine(message);
            return;
        }

        if (ConsoleLogLine.LevelOf(entry) < entry.LogLevel())
        {
            return;
        }

        if (ConsoleLogLine.Format(entry, LogLevel.DebugLevel, ConsoleLogLine.StackTracesWanted) is { } line)
        {
            Console.Out.WriteLine(line);
        }
    }
}
