using System.Diagnostics;
using Akka.Actor;
using ScaleFL.Cli.Commands;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Weight updates between two processes on loopback through the cluster transport: this process
/// sends with <see cref="BulkTransfer"/>, a <c>scalefl bench-peer</c> child receives, deserializes
/// and answers. The time runs from the send to the answer, so it includes serialization, every
/// chunk and acknowledgement, reassembly and deserialization. The sender watches the peer, so
/// remote heartbeats flow during the transfers; any warning either side logs is reported.
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
            var system = ActorSystem.Create("bench", TransferMessageSerializer.NodeConfig);
            try
            {
                Measure(system, address, sizes, report);
            }
            finally
            {
                system.Terminate().Wait(TimeSpan.FromSeconds(10));
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

    private static void Measure(ActorSystem system, string address, BenchSizes sizes, BenchReport report)
    {
        var warnings = WarningLog.Attach(system);
        var transfer = BulkTransfer.Get(system);
        var sink = system.ActorSelection($"{address}/user/{BenchPeerCommand.SinkName}").ResolveOne(TimeSpan.FromSeconds(20)).Result;
        var inbox = Inbox.Create(system);
        inbox.Watch(sink);
        var settings = transfer.Settings;
        var frame = system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);
        report.Note(
            $"chunk {settings.ChunkBytes / 1024} KiB, window {settings.MaxInFlightChunks} chunks, maximum frame {frame / 1024} KiB; " +
            $"median of {sizes.TransferRepeats}, from send to the peer's answer (serialization and deserialization included)");

        // Associating and compiling the chunked path once keeps both out of the figures.
        Send(transfer, inbox, sink, "warm-up", BenchWeights.Create(1_000_000));
        string[] peerWarnings = [];
        List<string[]> rows = [["update", "median", "best", "MB/s (median)", "MB/s (best)"]];
        foreach (var megabytes in sizes.TransferMegabytes)
        {
            var weights = BenchWeights.Create(megabytes * 1_000_000 / sizeof(float));
            var times = new List<TimeSpan>();
            for (var r = 0; r < sizes.TransferRepeats; r++)
            {
                var (elapsed, answer) = Send(transfer, inbox, sink, $"{megabytes}MB-{r}", weights);
                times.Add(elapsed);
                peerWarnings = [.. answer.Warnings];
            }

            times.Sort();
            var (median, best) = (times[times.Count / 2], times[0]);
            var size = weights.ByteCount / 1e6;
            rows.Add([$"{size:F1} MB", BenchReport.Ms(median), BenchReport.Ms(best), BenchReport.F(size / median.TotalSeconds), BenchReport.F(size / best.TotalSeconds)]);
        }

        report.Table(rows);
        var all = warnings.ToArray().Select(line => "sender: " + line).Concat(peerWarnings.Select(line => "peer: " + line)).ToList();
        var heartbeat = all.Where(WarningLog.IsHeartbeatWarning).ToList();
        report.Figure("heartbeat warnings", heartbeat.Count == 0 ? "none" : $"{heartbeat.Count}: {heartbeat[0]}");
        inbox.Unwatch(sink);
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
