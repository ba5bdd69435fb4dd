using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Runtime.Security;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Devices;

/// <summary>
/// One device. Idle: answers tasks by declining, dropping out, or starting training on the
/// executor (and says it started, so a round that closes first counts it late, not dropped).
/// Training: keeps answering status and cancel, declines further tasks as busy, and sends the
/// update when the piped result arrives. The work of a closed round is dropped: a cancel stops the
/// training and frees the device at once (the cancelled result is ignored when it comes), and a
/// task older than one already seen (a device that was frozen wakes up to its queue) is skipped.
/// Training is cancelled when the actor stops.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is disposed when training ends and in PostStop; actors are not disposed by their owner.")]
public sealed partial class ClientDevice : ReceiveActor, IWithTimers
{
    private readonly ClientDeviceSettings settings;
    private readonly IActorRef server;
    private readonly ClientDataView data;
    private readonly TrainingExecutor executor;
    private readonly TimeProvider time;
    private readonly DeviceEvents events;
    private readonly Func<IStageObjective, IStageObjective> instrument;
    private readonly IStagePeakGauge? gauge;
    private readonly BlockCache cache = new();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private CancellationTokenSource? training;
    private string session = string.Empty;
    private int round;
    private (int Round, int Attempt) newest = (0, -1);

    // The server's id for this device: the --share's, or the one the server hands out (ClientIds.Any until then).
    private int clientId;

    /// <summary>Use <see cref="ClientDeviceProtocol.Props"/>.</summary>
    public ClientDevice(ClientDeviceSettings settings, IActorRef server, ClientDataView data, TrainingExecutor executor, TimeProvider time, DeviceEvents events,
        Func<IStageObjective, IStageObjective> instrument, IStagePeakGauge? gauge)
    {
        this.instrument = instrument;
        this.gauge = gauge;
        this.settings = settings;
        this.server = server;
        this.data = data;
        this.executor = executor;
        this.time = time;
        this.events = events;
        clientId = settings.ClientId;
        Idle();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        Register();
        Timers.StartPeriodicTimer(RegisterTick.Instance, RegisterTick.Instance, settings.RegisterRetry);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        training?.Cancel();
        training?.Dispose();
    }

    private void Idle()
    {
        Orders();
        Receive<TrainStage>(HandleTrainStage);
        Receive<TrainingFinished>(HandleTrainingFinished);
        Receive<TrainingFailed>(HandleTrainingFailed);
        Receive<CancelTraining>(cancel => Sender.Tell(new CancelTrainingAck(clientId, cancel.Round, false)));
        Common();
    }

    private void Training()
    {
        Orders();
        Receive<TrainStage>(task => Decline(task, Sender, $"busy training round {round}"));
        Receive<TrainingFinished>(HandleTrainingFinished);
        Receive<TrainingFailed>(HandleTrainingFailed);
        Receive<CancelTraining>(HandleCancelTraining);
        Common();
    }

    /// <summary>First in every state: orders not carrying this device's session are dropped unanswered.</summary>
    private void Orders()
    {
        Receive<TrainStage>(task => !FromServer(task.Session), task => Ignore(task, task.Round));
        Receive<CancelTraining>(cancel => !FromServer(cancel.Session), cancel => Ignore(cancel, cancel.Round));
    }

    private bool FromServer(string orderSession) =>
        ServerTaskCheck.FromServer(session, orderSession, Context.System is ExtendedActorSystem { Provider.DefaultAddress.HasGlobalScope: true });

    private void Ignore(object order, int orderRound) =>
        log.Warning("Client {0} ignores a {1} of round {2} from {3}: it does not carry this device's session with its server", clientId, order.GetType().Name, orderRound, Sender.Path);

    private void Common()
    {
        Receive<GetDeviceStatus>(_ => Sender.Tell(new DeviceStatusResponse(clientId, training is not null, round, cache.Count)));
        // Only the server this device registered with hands out its session or refuses it.
        Receive<RegisterClientAck>(ack => Sender.Equals(server), ack =>
        {
            Timers.Cancel(RegisterTick.Instance);
            session = ack.Session;
            clientId = ack.ClientId;
            events.Registered(clientId);
        });
        Receive<RegisterClientRefused>(refusal => Sender.Equals(server), refusal =>
        {
            // Retrying with the same secret or data cannot succeed; the operator has to fix it.
            Timers.Cancel(RegisterTick.Instance);
            log.Error("The server refused client {0}: {1}", refusal.ClientId, refusal.Reason);
            events.Refused(refusal.Reason);
        });
        // Only the aggregator this device registered with can end its run.
        Receive<RunEnded>(ended => Sender.Equals(server), ended =>
        {
            Sender.Tell(new RunEndedAck(clientId));
            events.RunEnded(ended);
        });
        Receive<RegisterTick>(_ => Register());
    }

    private void Register() =>
        server.Tell(new RegisterClient(clientId, settings.BudgetBytes, data.Count, settings.SpeedFactor, Self)
        {
            MeasuresOwnMemory = gauge is not null,
            // A fresh proof each time: the server takes each once, bound to this device's address.
            JoinToken = JoinProof.Create(settings.JoinToken, settings.ClientId, JoinProof.Binding(Context.System, Self), time.GetUtcNow()),
            Facts = new DeviceFacts(data.Dataset.Shape, data.Dataset.ClassCount, settings.Fingerprint, settings.Models),
        });

    private void HandleTrainStage(TrainStage task)
    {
        if ((task.Round, task.Attempt).CompareTo(newest) < 0)
        {
            // The server asked for a later round or attempt since: this one is closed.
            log.Debug("Client {0} skips the stale task of round {1} attempt {2}", clientId, task.Round, task.Attempt);
            return;
        }

        newest = (task.Round, task.Attempt);
        round = task.Round;
        if (Seeds.DropsOut(task.RunSeed, task.Round, clientId, settings.DropoutProbability))
        {
            log.Debug("Client {0} drops out of round {1}", clientId, task.Round);
            if (settings.AnnounceDropouts)
            {
                Sender.Tell(new DropoutAnnounced(clientId, task.Round, task.Attempt) { Session = session });
            }

            return;
        }

        if (gauge is not null && task.RequiredBytes > 0)
        {
            // The device's own figure decides; measuring may take seconds, so it runs off the actor thread.
            Measure(task, Sender);
            return;
        }

        if (settings.BudgetBytes < task.RequiredBytes)
        {
            Decline(task, Sender, $"memory budget {settings.BudgetBytes} bytes is below the stage's {task.RequiredBytes} bytes");
            return;
        }

        StartTraining(task, Sender, measuredBytes: 0);
    }

    /// <summary>Checks the task's settings and cache, then trains on the executor; <paramref name="measuredBytes"/> (0: none) goes back with the update.</summary>
    private void StartTraining(TrainStage task, IActorRef replyTo, long measuredBytes)
    {
        IStageObjective objective;
        try
        {
            objective = instrument(task.Settings.Objective.Create(task.StageCount));
            task.Settings.Training.Validate();
        }
        catch (ArgumentException error)
        {
            Decline(task, replyTo, $"cannot train with the server's settings: {error.Message}");
            return;
        }

        var missing = cache.Merge(task.Blocks, task.Weights);
        if (missing.Count > 0)
        {
            cache.Clear();
            Decline(task, replyTo, $"blocks missing from the cache: {string.Join(", ", missing)}");
            return;
        }

        var slice = cache.Slice(task.Blocks);
        if (!task.Settings.CacheBlocks)
        {
            cache.Clear();
        }

        var (options, seed) = (task.Settings.Training, task.Settings.BatchOrderSeed);
        var trainer = new LocalTrainer(time);
        var cancel = training = new CancellationTokenSource();
        executor.RunAsync((model, ct) => DeviceTraining.Train(trainer, model, slice, task.Trainable, task.Settings.SubModel, objective, data, options, seed, ct), cancel.Token)
            .PipeTo(
                Self,
                success: update => new TrainingFinished(task, replyTo, update, cancel, measuredBytes),
                failure: error => new TrainingFailed(task, replyTo, error, cancel));
        replyTo.Tell(new TrainingStarted(clientId, task.Round, task.Attempt) { Session = session });
        Become(Training);
    }

    private void HandleTrainingFinished(TrainingFinished finished)
    {
        if (!EndTraining(finished.Cancel))
        {
            return;
        }

        var (task, update) = (finished.Task, finished.Update);
        var nominal = settings.SecondsPerStep is { } perStep ? update.Steps * perStep : update.Duration.TotalSeconds;
        var submit = new SubmitUpdate(
            clientId, task.Round, task.Attempt, task.ModelVersion, update.Weights, update.SampleCount, update.MeanLoss,
            update.Duration.TotalSeconds, nominal / settings.SpeedFactor, task.RequiredBytes,
            task.Weights.ByteCount, update.Weights.ByteCount, cache.Held())
        {
            Session = session,
            MeasuredBytes = finished.MeasuredBytes,
        };
        BulkTransfer.Send(Context.System, finished.ReplyTo, submit, Self);
    }

    private void HandleTrainingFailed(TrainingFailed failed)
    {
        if (EndTraining(failed.Cancel) && failed.Error is not OperationCanceledException)
        {
            log.Warning("Client {0} failed to train round {1}: {2}", clientId, failed.Task.Round, failed.Error.Message);
            Decline(failed.Task, failed.ReplyTo, $"training failed: {failed.Error.Message}");
        }
    }

    private void HandleCancelTraining(CancelTraining cancel)
    {
        var running = cancel.Round == round;
        if (running)
        {
            // Free for the next task now; the cancelled result is ignored when it arrives.
            training?.Cancel();
            training = null;
            Become(Idle);
        }

        Sender.Tell(new CancelTrainingAck(clientId, cancel.Round, running));
    }

    /// <summary>Disposes the finished training's token; true when it was the current training (not one cancelled since).</summary>
    private bool EndTraining(CancellationTokenSource finished)
    {
        finished.Dispose();
        if (!ReferenceEquals(finished, training))
        {
            return false;
        }

        training = null;
        Become(Idle);
        return true;
    }

    private void Decline(TrainStage task, IActorRef replyTo, string reason, long measuredBytes = 0) =>
        replyTo.Tell(new TaskDeclined(clientId, task.Round, task.Attempt, reason) { Session = session, MeasuredBytes = measuredBytes });

    private sealed record TrainingFinished(TrainStage Task, IActorRef ReplyTo, LocalUpdate Update, CancellationTokenSource Cancel, long MeasuredBytes);

    private sealed record TrainingFailed(TrainStage Task, IActorRef ReplyTo, Exception Error, CancellationTokenSource Cancel);

    private sealed class RegisterTick
    {
        public static readonly RegisterTick Instance = new();

        private RegisterTick()
        {
        }
    }
}
