using System.Text;
using ScaleFL.Runtime.Logging;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// The console while a node's hosted services start: Akka.Hosting's <c>AkkaHostedService</c> writes
/// every start failure to standard output with its whole stack trace ("Unable to start
/// AkkaHostedService ... Cause: ...", unconditionally, then rethrows). The failure reaches the user
/// once, as the command's one line (<see cref="NodeBindException"/>, <see cref="NodeConfigException"/>,
/// or any other error), so that write is dropped; with <see cref="ConsoleLogLine.DebugVariable"/>=1 it
/// stays. Every other write passes through unchanged.
/// </summary>
internal sealed class HostingStartFilter(TextWriter inner) : TextWriter
{
    /// <summary>How Akka.Hosting's write begins (src/Akka.Hosting/AkkaHostedService.cs).</summary>
    internal const string Marker = "Unable to start AkkaHostedService";

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <summary>Runs <paramref name="start"/> with <see cref="Console.Out"/> filtered, restoring it after.</summary>
    public static async Task RunAsync(Func<Task> start)
    {
        var console = Console.Out;
        if (ConsoleLogLine.StackTracesWanted)
        {
            await start().ConfigureAwait(false);
            return;
        }

        Console.SetOut(new HostingStartFilter(console));
        try
        {
            await start().ConfigureAwait(false);
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    /// <inheritdoc />
    public override void Write(char value) => inner.Write(value);

    /// <inheritdoc />
    public override void Write(string? value) => inner.Write(value);

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        if (value?.StartsWith(Marker, StringComparison.Ordinal) != true)
        {
            inner.WriteLine(value);
        }
    }

    /// <inheritdoc />
    public override void Flush() => inner.Flush();
}
