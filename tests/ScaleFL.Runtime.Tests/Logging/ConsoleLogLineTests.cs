using Akka.Event;
using ScaleFL.Runtime.Logging;

namespace ScaleFL.Runtime.Tests.Logging;

public sealed class ConsoleLogLineTests
{
    private static readonly Exception Thrown = Throw(new InvalidOperationException("frame length exceeds 1048576:\n   at DotNetty.Decoder.Decode()"));

    [Fact]
    public void An_error_with_a_cause_is_one_line_with_level_source_message_and_the_cause_s_type_and_message()
    {
        var entry = new Error(Thrown, "akka.tcp://scalefl@127.0.0.1:4053/system/transports", typeof(ConsoleLogLineTests), "Error caught channel [[::ffff:127.0.0.1]:4053->[::ffff:127.0.0.1]:5000](Id=1)");

        var line = ConsoleLogLine.Format(entry, LogLevel.WarningLevel, stackTraces: false);

        Assert.NotNull(line);
        Assert.Single(line.Split('\n'));
        Assert.StartsWith("[ERROR][", line, StringComparison.Ordinal);
        Assert.EndsWith(
            "][akka.tcp://scalefl@127.0.0.1:4053/system/transports] Error caught channel [[::ffff:127.0.0.1]:4053->[::ffff:127.0.0.1]:5000](Id=1) (cause: System.InvalidOperationException: frame length exceeds 1048576:)",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_trace_inside_the_message_text_is_cut()
    {
        var entry = new Warning("source", typeof(ConsoleLogLineTests), "Association failed\n   at Akka.Remote.Endpoint.Run()\n--- End of stack trace ---");

        Assert.EndsWith("[source] Association failed", ConsoleLogLine.Format(entry, LogLevel.WarningLevel, stackTraces: false), StringComparison.Ordinal);
    }

    [Fact]
    public void With_stack_traces_asked_for_the_cause_follows_in_full()
    {
        var entry = new Error(Thrown, "source", typeof(ConsoleLogLineTests), "failed");

        var line = ConsoleLogLine.Format(entry, LogLevel.WarningLevel, stackTraces: true);

        Assert.Contains("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_below_the_minimum_are_not_shown()
    {
        Assert.Null(ConsoleLogLine.Format(new Info("source", typeof(ConsoleLogLineTests), "joined"), LogLevel.WarningLevel, stackTraces: false));
        Assert.NotNull(ConsoleLogLine.Format(new Info("source", typeof(ConsoleLogLineTests), "joined"), LogLevel.InfoLevel, stackTraces: false));
    }

    [Fact]
    public void A_connection_the_other_node_closed_is_debug_and_other_remote_errors_stay_errors()
    {
        var disassociated = (Exception)Activator.CreateInstance(
            typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!, "Disassociated")!;
        var closed = new Error(disassociated, "akka.tcp://scalefl@127.0.0.1:5000/system/endpointManager", typeof(ConsoleLogLineTests), "Disassociated");
        var other = new Error(new Akka.Remote.RemoteTransportException("refused", null), "source", typeof(ConsoleLogLineTests), "failed");

        Assert.Equal(LogLevel.DebugLevel, ConsoleLogLine.LevelOf(closed));
        Assert.Null(ConsoleLogLine.Format(closed, LogLevel.WarningLevel, stackTraces: false));
        Assert.Equal(LogLevel.ErrorLevel, ConsoleLogLine.LevelOf(other));
    }

    [Fact]
    public void The_gating_warning_after_a_connection_the_other_node_closed_is_debug()
    {
        var gated = new Warning(
            "akka.tcp://scalefl@127.0.0.1:4053/system/endpointManager/reliableEndpointWriter-1",
            typeof(ConsoleLogLineTests),
            "Association with remote system akka.tcp://scalefl@127.0.0.1:37835 has failed; address is now gated for 5000 ms. Reason is: [Akka.Remote.EndpointDisassociatedException: Disassociated\n   at Akka.Remote.EndpointWriter.PublishAndThrow()]");
        var refused = new Warning("source", typeof(ConsoleLogLineTests), "Association with remote system akka.tcp://scalefl@127.0.0.1:1 has failed; address is now gated for 5000 ms. Reason is: [Association failed: connection refused]");

        Assert.Null(ConsoleLogLine.Format(gated, LogLevel.WarningLevel, stackTraces: false));
        Assert.Equal(LogLevel.WarningLevel, ConsoleLogLine.LevelOf(refused));
    }

    private static Exception Throw(Exception error)
    {
        try
        {
            throw error;
        }
        catch (Exception thrown)
        {
            return thrown;
        }
    }
}
