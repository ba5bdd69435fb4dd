using System.Collections.Concurrent;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Logging;
using ScaleFL.Runtime.Tests.Cluster;

namespace ScaleFL.Runtime.Tests.Logging;

public sealed class ConsoleLoggerNodeTests
{
    [Fact]
    public async Task Garbage_sent_to_a_node_s_port_is_logged_in_single_lines_without_stack_traces()
    {
        await using var node = await LocalCluster.Server();
        var events = new ConcurrentQueue<LogEvent>();
        var caused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = node.System.ActorOf(Props.Create(() => new Collector(events, caused)));
        node.System.EventStream.Subscribe(collector, typeof(LogEvent));

        // A length prefix far beyond the frame limit, then one that is negative: DotNetty's two frame errors.
        // The connections stay open until the node logged what it made of them (bounded), no sleeping in between.
        var sockets = new List<TcpClient>();
        try
        {
            foreach (var garbage in new[] { Enumerable.Repeat((byte)0x7F, 64).ToArray(), Enumerable.Repeat((byte)0xFF, 64).ToArray() })
            {
                var socket = new TcpClient();
                sockets.Add(socket);
                await socket.ConnectAsync("127.0.0.1", node.Address.Port!.Value);
                await socket.GetStream().WriteAsync(garbage);
            }

            await caused.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }

        Assert.Contains($"{typeof(ConsoleLogger).FullName}, ScaleFL.Runtime", node.System.Settings.Loggers);
        Assert.IsType<ConsoleStdoutLogger>(node.System.Settings.StdoutLogger);
        var withCause = events.Where(entry => entry.Cause is not null).ToList();
        Assert.NotEmpty(withCause);
        foreach (var entry in events)
        {
            var line = ConsoleLogLine.Format(entry, LogLevel.WarningLevel, stackTraces: false);
            if (line is null)
            {
                continue;
            }

            Assert.Single(line.Split('\n'));
            Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        }
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<LogEvent> events, TaskCompletionSource caused) => Receive<LogEvent>(entry =>
        {
            events.Enqueue(entry);
            if (entry.Cause is not null)
            {
                caused.TrySetResult();
            }
        });
    }
}
