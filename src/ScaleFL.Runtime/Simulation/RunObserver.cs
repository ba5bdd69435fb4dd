using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Training;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Simulation;

/// <summary>Subscriber that turns the server's events (rounds, injected faults, the end) into the host's progress calls and result.</summary>
internal sealed class RunObserver : ReceiveActor
{
    private static readonly TimeSpan ReportWait = TimeSpan.FromSeconds(10);

    private readonly List<RoundCompleted> rounds = [];
    private readonly List<FaultEvent> faults = [];

    public RunObserver(
        TaskCompletionSource<SimulationResult> result,
        Action<RoundCompleted>? progress,
        Action<int, string>? refused,
        Action<DeviceMemoryRecord>? measured,
        Action<FaultReport>? faultsRecorded)
    {
        var recorded = 0;
        Receive<SubscribeAck>(_ => { });
        Receive<ReportPending>(_ => Sender.Tell(ReportPending.Instance));
        Receive<DeviceMemoryReported>(report => measured?.Invoke(report.Record));
        Receive<ClientRefused>(refusal => refused?.Invoke(refusal.ClientId, refusal.Reason));
        Receive<RoundCompleted>(round =>
        {
            rounds.Add(round);
            if (faults.Count > recorded)
            {
                recorded = faults.Count;
                faultsRecorded?.Invoke(FaultReport.Of(faults));
            }

            progress?.Invoke(round);
        });
        Receive<FaultInjected>(fault => faults.Add(new FaultEvent(fault.Round, fault.ClientId, fault.Kind, fault.Detail)));
        Receive<RunCompleted>(completed => result.TrySetResult(new SimulationResult(
            rounds.ToList(),
            completed.FinalWeights,
            new EvaluationResult(completed.FinalAccuracy, completed.FinalLoss, completed.FinalSamples),
            completed.LateDiscarded)
        {
            Faults = FaultReport.Of(faults),
        }));
        Receive<RunFailed>(failed => result.TrySetException(new InvalidOperationException($"The run failed in round {failed.Round}: {failed.Reason}")));
        Receive<Security.RefusedFromWire>(refused => Context.GetLogger().Warning(
            "Dropped {0} from {1}: results are accepted only from inside the server's process", refused.MessageType, Sender.Path));
    }

    /// <summary>
    /// For a run that ends unfinished (cancelled, failed): stops <paramref name="server"/>, which ends
    /// the message it is handling first, then waits until <paramref name="observer"/> has reported
    /// everything the server sent it. The server checkpoints a round before it reports it, so without
    /// this a run stopped between the two left a checkpoint ahead of metrics.csv. Bounded; a server or
    /// observer that does not answer in time is left to the system's termination.
    /// </summary>
    public static async Task ReportSavedRoundsAsync(IActorRef server, IActorRef observer)
    {
        try
        {
            await server.GracefulStop(ReportWait).ConfigureAwait(false);
            await observer.Ask<ReportPending>(ReportPending.Instance, ReportWait).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TaskCanceledException or AskTimeoutException)
        {
            // The system's termination stops them anyway.
        }
    }

    public static Props Props(
        TaskCompletionSource<SimulationResult> result,
        Action<RoundCompleted>? progress,
        Action<int, string>? refused = null,
        Action<DeviceMemoryRecord>? measured = null,
        Action<FaultReport>? faultsRecorded = null) =>
        Akka.Actor.Props.Create(() => new RunObserver(result, progress, refused, measured, faultsRecorded));

    /// <summary>Asks the observer to answer once every message before it was handled.</summary>
    private sealed class ReportPending
    {
        public static readonly ReportPending Instance = new();

        private ReportPending()
        {
        }
    }
}
