using System.Diagnostics;
using Akka.Actor;
using ScaleFL.Cli.Commands;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Weight updates between two processes on loopback through the cluster transport: this process
/// sends with <see cref="BulkTransfer"/>, a <c>scalefl bench-peer</c> child receives, deserializes
/// and answers. The time runs from the send to the answer, so it includes serialization, the
/// bytes on the wire, and deserialization. Two sending nodes take turns against the same peer:
/// one with the data lane (the default), one with it off, which sends in chunks through
/// Akka.Remote as a node with TLS on does. The senders watch the peer, so remote heartbeats flow
/// during the transfers; any warning either side logs is reported.
/// </summary>
internal static class TransferBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Transfer between two processes");
        using var peer = Process.Start(SelfProcess.StartInfo([BenchPeerCommand.Name]))!;
        try
        {
            var address = WaitForAddress(peer);
            var lane = ActorSystem.Create("bench", TransferMessageSerializer.NodeConfig);
            // Appended: in HOCON the last definition of a key wins.
            var chunked = ActorSystem.Create("bench-chunked", TransferMessageSerializer.NodeConfig + "\nscalefl.transfer.data-lane.enabled = off");
            try
            {
                if (BulkTransfer.Get(lane).Lane is null || BulkTransfer.Get(chunked).Lane is not null)
                {
                    throw new InvalidOperationException("The transfer bench needs one sender with the data lane and one without.");
                }

                Measure([("data lane", lane), ("chunks through Akka.Remote", chunked)], address, sizes, report);
            }
            finally
            {
                Task.WaitAll([lane.Terminate(), chunked.Terminate()], TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            peer.StandardInput.Close();
            if (!peer.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                peer.Kill();
            }
        }
    }

    private static void Measure(IReadOnlyList<(string Path, ActorSystem System)> senders, string address, BenchSizes sizes, BenchReport report)
    {
        var settings = BulkTransfer.Get(senders[0].System).Settings;
        var frame = senders[0].System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);
        report.Note(
            $"data lane: one TCP connection per transfer beside Akka.Remote, {settings.DataLane.SocketBufferBytes / 1024 / 1024} MiB socket buffers; " +
            $"chunks: {settings.ChunkBytes / 1024} KiB, window {settings.MaxInFlightChunks}, maximum frame {frame / 1024} KiB; " +
            $"median of {sizes.TransferRepeats}, from send to the peer's answer (serialization and deserialization included)");

        var logs = new List<(string Path, System.Collections.Concurrent.ConcurrentQueue<string> Warnings)>();
        string[] peerWarnings = [];
        List<string[]> rows = [["path", "update", "median", "best", "MB/s (median)", "MB/s (best)"]];
        foreach (var (path, system) in senders)
        {
            logs.Add((path, WarningLog.Attach(system)));
            var transfer = BulkTransfer.Get(system);
            var sink = system.ActorSelection($"{address}/user/{BenchPeerCommand.SinkName}").ResolveOne(TimeSpan.FromSeconds(20)).Result;
            var inbox = Inbox.Create(system);
            inbox.Watch(sink);

            // Associating and compiling each path once keeps both out of the figures.
            Send(transfer, inbox, sink, "warm-up", BenchWeights.Create(1_000_000));
            foreach (var megabytes in sizes.TransferMegabytes)
            {
                var weights = BenchWeights.Create(megabytes * 1_000_000 / sizeof(float));
                var times = new List<TimeSpan>();
                for (var r = 0; r < sizes.TransferRepeats; r++)
                {
                    var (elapsed, answer) = Send(transfer, inbox, sink, $"{path}-{megabytes}MB-{r}", weights);
                    times.Add(elapsed);
                    peerWarnings = [.. answer.Warnings];
                }

                times.Sort();
                var (median, best) = (times[times.Count / 2], times[0]);
                var size = weights.ByteCount / 1e6;
                rows.Add([path, $"{size:F1} MB", BenchReport.Ms(median), BenchReport.Ms(best), BenchReport.F(size / median.TotalSeconds), BenchReport.F(size / best.TotalSeconds)]);
            }

            inbox.Unwatch(sink);
        }

        report.Table(rows);
        var all = logs.SelectMany(log => log.Warnings.ToArray().Select(line => $"sender ({log.Path}): {line}"))
            .Concat(peerWarnings.Select(line => "peer: " + line))
            .ToList();
        var heartbeat = all.Where(WarningLog.IsHeartbeatWarning).ToList();
        report.Figure("heartbeat warnings", heartbeat.Count == 0 ? "none" : $"{heartbeat.Count}: {heartbeat[0]}");
        report.Figure("other warnings and errors", all.Count - heartbeat.Count == 0 ? "none" : string.Join(" | ", all.Except(heartbeat).Take(3)));
    }

    private static string WaitForAddress(Process peer)
    {
        while (peer.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(BenchPeerCommand.ReadyPrefix, StringComparison.Ordinal))
            {
                return line[BenchPeerCommand.ReadyPrefix.Length..];
            }
        }

        throw new InvalidOperationException($"The bench peer exited before it was ready: {peer.StandardError.ReadToEnd().Trim()}");
    }

    private static (TimeSpan Elapsed, BenchReceived Answer) Send(BulkTransfer transfer, Inbox inbox, IActorRef sink, string label, Core.Weights.WeightSet weights)
    {
        var watch = Stopwatch.StartNew();
        transfer.Send(sink, new BenchPayload(label, weights), inbox.Receiver);
        var answer = inbox.Receive(Patience);
        watch.Stop();
        return answer is BenchReceived received && received.Label == label && received.Bytes == weights.ByteCount
            ? (watch.Elapsed, received)
            : throw new InvalidOperationException($"The peer answered {answer} to {label}.");
    }
}
