using System.CommandLine;
using Akka.Actor;
using ScaleFL.Cli.Bench;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>scalefl bench-peer</c> (hidden): the receiving process of the transfer benchmark. Starts a
/// remoting node on loopback, prints its address, answers every <see cref="BenchPayload"/> with a
/// <see cref="BenchReceived"/>, and exits when its standard input closes.
/// </summary>
internal static class BenchPeerCommand
{
    public const string Name = "bench-peer";

    public const string ReadyPrefix = "bench-peer ready ";

    public const string SinkName = "sink";

    /// <summary>Password of the bench's throw-away loopback certificate.</summary>
    public const string TlsPassword = "bench";

    public static Command Create()
    {
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Loopback certificate (.pfx, password 'bench'): receive with TLS on." };
        var command = new Command(Name, "Receiving end of 'scalefl bench' transfers (started by the bench).") { Hidden = true };
        command.Options.Add(tlsCert);
        command.SetAction(parse => Run(parse.GetValue(tlsCert)));
        return command;
    }

    private static int Run(string? tlsCert)
    {
        var config = tlsCert is null ? TransferMessageSerializer.NodeConfig : TransferMessageSerializer.TlsNodeConfig(tlsCert, TlsPassword);
        using var system = ActorSystem.Create("bench-peer", config);
        var warnings = WarningLog.Attach(system);
        BulkTransfer.Get(system);
        system.ActorOf(Props.Create(() => new Sink(warnings)), SinkName);
        Console.WriteLine(ReadyPrefix + ((ExtendedActorSystem)system).Provider.DefaultAddress);
        Console.Out.Flush();
        while (Console.ReadLine() is not null)
        {
        }

        system.Terminate().Wait(TimeSpan.FromSeconds(10));
        return 0;
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink(System.Collections.Concurrent.ConcurrentQueue<string> warnings)
        {
            Receive<BenchPayload>(payload =>
                BulkTransfer.Send(Context.System, Sender, new BenchReceived(payload.Label, payload.Weights.ByteCount, warnings.ToArray()), Self));
        }
    }
}
