using Akka.Event;

namespace ScaleFL.Runtime.Logging;

/// <summary>
/// How one Akka log event reads on a node's console: one line with the level, time, source,
/// message and the cause's type and message, never a stack trace unless
/// <see cref="DebugVariable"/> is <c>1</c>. Akka's own format prints the cause's whole stack
/// trace, which an outsider could make a node repeat by sending garbage to its port, and which
/// every client printed when its server closed the connection at the end of a run.
/// </summary>
public static class ConsoleLogLine
{
    /// <summary>The environment variable that adds stack traces (Akka's log lines and the command line's errors).</summary>
    public const string DebugVariable = "SCALEFL_DEBUG";

    /// <summary>True when <see cref="DebugVariable"/> is <c>1</c> in this process's environment.</summary>
    public static bool StackTracesWanted => Environment.GetEnvironmentVariable(DebugVariable) == "1";

    /// <summary>
    /// The level <paramref name="entry"/> is shown at. A connection the other node closed is debug:
    /// it is how every run ends (the server leaves, then its clients), and a node lost during a run is
    /// reported by the cluster (unreachable, downed) and by ScaleFL's own lines. Akka.Remote reports it
    /// as an error caused by an <c>Akka.Remote.EndpointDisassociatedException</c> (an internal type,
    /// so known by name), or as a warning that the address is gated with that exception in its text.
    /// </summary>
    public static LogLevel LevelOf(LogEvent entry) =>
        entry.LogLevel() >= LogLevel.WarningLevel && ClosedByPeer(entry) ? LogLevel.DebugLevel : entry.LogLevel();

    private static bool ClosedByPeer(LogEvent entry) =>
        entry.Cause?.GetType().FullName == DisassociatedName
        || entry.Message?.ToString()?.Contains(DisassociatedName + ":", StringComparison.Ordinal) == true;

    private const string DisassociatedName = "Akka.Remote.EndpointDisassociatedException";

    /// <summary>
    /// The console line for <paramref name="entry"/>; null when its level (<see cref="LevelOf"/>) is
    /// below <paramref name="minimum"/>. With <paramref name="stackTraces"/> the cause follows in full
    /// on the next lines, as Akka prints it.
    /// </summary>
    public static string? Format(LogEvent entry, LogLevel minimum, bool stackTraces)
    {
        var level = LevelOf(entry);
        if (level < minimum)
        {
            return null;
        }

        var line = $"[{Name(level)}][{entry.Timestamp:yyyy-MM-dd HH:mm:ss.fff}Z][{entry.LogSource}] {FirstLines(entry.Message?.ToString())}";
        return entry.Cause switch
        {
            null => line,
            { } cause when stackTraces => line + Environment.NewLine + cause,
            { } cause => $"{line} (cause: {cause.GetType().FullName}: {FirstLines(cause.Message)})",
        };
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => "DEBUG",
        LogLevel.InfoLevel => "INFO",
        LogLevel.WarningLevel => "WARNING",
        _ => "ERROR",
    };

    /// <summary>The text as one line, cut where a stack trace some Akka messages carry in their text begins.</summary>
    private static string FirstLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(line => !line.StartsWith("at ", StringComparison.Ordinal) && !line.StartsWith("--- End of", StringComparison.Ordinal));
        return string.Join(' ', lines);
    }
}
