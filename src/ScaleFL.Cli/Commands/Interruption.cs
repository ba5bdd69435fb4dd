using System.CommandLine;
using System.Runtime.InteropServices;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for a command that runs on the calling thread until its run ends.
/// System.CommandLine cancels an action's token only once the action has returned its task, which
/// a synchronous action never does before the run is over; without this the signal reached only
/// Akka's shutdown hook, which stopped a cluster node under a run that then waited for it forever.
/// The first signal cancels <see cref="Token"/> (the run stops, writes what it has and exits 130);
/// a second one, or a run still going after <see cref="Bound"/>, ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>How long a cancelled run may take to stop (telling its workers, killing local ones) before the process exits anyway.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource cancel;
    private readonly PosixSignalRegistration[] registrations;
    private Timer? watchdog;

    private Interruption(CancellationToken outer)
    {
        cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled by the command's own token, Ctrl-C or SIGTERM.</summary>
    public CancellationToken Token => cancel.Token;

    /// <summary>Watches the signals until disposed.</summary>
    public static Interruption Watch(CancellationToken outer) => new(outer);

    /// <summary>
    /// Sets <paramref name="command"/>'s action to <paramref name="run"/> under the one error mapping
    /// (<see cref="CommandErrors"/>) with a token that Ctrl-C and SIGTERM cancel: every command that
    /// trains (simulate, compare, sweep) stops the same way, "scalefl: cancelled." and exit 130, its
    /// run folders resumable.
    /// </summary>
    public static void SetCancellableAction(Command command, Func<ParseResult, CancellationToken, int> run) =>
        command.SetAction((parse, ct) => Task.FromResult(CommandErrors.Guard(() =>
        {
            using var interruption = Watch(ct);
            return run(parse, interruption.Token);
        })));

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        watchdog?.Dispose();
        cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (cancel.IsCancellationRequested)
        {
            // A second signal: the default (the process ends now).
            return;
        }

        context.Cancel = true;
        watchdog = new Timer(_ => GiveUp(), null, Bound, Timeout.InfiniteTimeSpan);
        cancel.Cancel();
    }

    private static void GiveUp()
    {
        Console.Error.WriteLine($"scalefl: cancelled; the run did not stop within {Bound.TotalSeconds:F0} s, so the process ends now (the last checkpoint is kept).");
        Environment.Exit(130);
    }
}
