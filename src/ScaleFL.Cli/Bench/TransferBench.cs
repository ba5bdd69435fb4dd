using System.Diagnostics;
using Akka.Actor;
using ScaleFL.Cli.Commands;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Weight updates between two processes on loopback through the cluster transport: this process
/// sends with <see cref="BulkTransfer"/>, a <c>scalefl bench-peer</c> child receives, deserializes
/// and answers. The time runs from the send to the answer, so it includes serialization, the
/// bytes on the wire, and deserialization. Two sending nodes take turns against the same peer:
/// one with the data lane (the default), one with it off, which sends in chunks through
/// Akka.Remote; and the same two with TLS on against a second peer with TLS (the lane then speaks
/// TLS too). The senders watch the peer, so remote heartbeats flow during the transfers; any
/// warning either side logs is reported.
/// </summary>
internal static class TransferBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static void Run(BenchSizes sizes, BenchReport report)
    {
        report.Section("Transfer between two processes");
        var directory = Directory.CreateTempSubdirectory("scalefl-bench-tls-").FullName;
        var certificate = Path.Combine(directory, "loopback.pfx");
        LoopbackCertificate.WritePfx(certificate, BenchPeerCommand.TlsPassword);
        using var peer = StartPeer([BenchPeerCommand.Name]);
        using var tlsPeer = StartPeer([BenchPeerCommand.Name, "--tls-cert", certificate]);
        var systems = new List<ActorSystem>();
        try
        {
            var (address, tlsAddress) = (WaitForAddress(peer), WaitForAddress(tlsPeer));
            var plainConfig = TransferMessageSerializer.NodeConfig;
            var tlsConfig = TransferMessageSerializer.TlsNodeConfig(certificate, BenchPeerCommand.TlsPassword);
            // Appended: in HOCON the last definition of a key wins.
            const string NoLane = "\nscalefl.transfer.data-lane.enabled = off";
            var senders = new List<Sender>
            {
                new("data lane", "off", ActorSystem.Create("bench", plainConfig), address),
                new("chunks through Akka.Remote", "off", ActorSystem.Create("bench-chunked", plainConfig + NoLane), address),
                new("data lane", "on", ActorSystem.Create("bench-tls", tlsConfig), tlsAddress),
                new("chunks through Akka.Remote", "on", ActorSystem.Create("bench-tls-chunked", tlsConfig + NoLane), tlsAddress),
            };
            systems.AddRange(senders.Select(sender => sender.System));
            if (senders.Any(sender => (BulkTransfer.Get(sender.System).Lane is null) == (sender.Path == "data lane")))
            {
                throw new InvalidOperationException("The transfer bench needs senders with the data lane and without, with TLS and without.");
            }

            Measure(senders, sizes, report);
        }
        finally
        {
            Task.WaitAll([.. systems.Select(system => system.Terminate())], TimeSpan.FromSeconds(10));
            Stop(peer);
            Stop(tlsPeer);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process StartPeer(string[] arguments) => Process.Start(SelfProcess.StartInfo(arguments))!;

    private static void Stop(Process peer)
    {
        peer.StandardInput.Close();
        if (!peer.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            peer.Kill();
        }
    }

    private static void Measure(IReadOnlyList<Sender> senders, BenchSizes sizes, BenchReport report)
    {
        var settings = BulkTransfer.Get(senders[0].System).Settings;
        string[] peerWarnings = [];
        var frame = senders[0].System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);
        report.Note(
            $"data lane: one TCP connection per transfer beside Akka.Remote, {settings.DataLane.SocketBufferBytes / 1024 / 1024} MiB socket buffers; " +
            $"chunks: {settings.ChunkBytes / 1024} KiB, window {settings.MaxInFlightChunks}, maximum frame {frame / 1024} KiB; " +
            $"TLS: Akka.Remote's and the lane's with a loopback certificate; " +
            $"median of {sizes.TransferRepeats}, from send to the peer's answer (serialization and deserialization included)");

        var logs = new List<(string Path, System.Collections.Concurrent.ConcurrentQueue<string> Warnings)>();
        List<string[]> rows = [["path", "TLS", "update", "median", "best", "MB/s (median)", "MB/s (best)"]];
        foreach (var (path, tls, system, address) in senders)
        {
            logs.Add(($"{path}, TLS {tls}", WarningLog.Attach(system)));
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
                    var (elapsed, answer) = Send(transfer, inbox, sink, $"{path}-tls-{tls}-{megabytes}MB-{r}", weights);
                    times.Add(elapsed);
                    peerWarnings = [.. answer.Warnings];
                }

                times.Sort();
                var (median, best) = (times[times.Count / 2], times[0]);
                var size = weights.ByteCount / 1e6;
                rows.Add([path, tls, $"{size:F1} MB", BenchReport.Ms(median), BenchReport.Ms(best), BenchReport.F(size / median.TotalSeconds), BenchReport.F(size / best.TotalSeconds)]);
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

    /// <summary>One sending node: its path to the peer, whether TLS is on, and the peer's address.</summary>
    private sealed record Sender(string Path, string Tls, ActorSystem System, string Address);
}
