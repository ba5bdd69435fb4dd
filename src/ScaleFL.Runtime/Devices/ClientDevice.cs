using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
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
/// executor. Training: keeps answering status and cancel, declines further tasks as busy, and
/// sends the update when the piped result arrives. Training is cancelled when the actor stops.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is disposed when training ends and in PostStop; actors are not disposed by their owner.")]
public sealed class ClientDevice : ReceiveActor, IWithTimers
{
    private readonly ClientDeviceSettings settings;
    private readonly IActorRef server;
    private readonly ClientDataView data;
    private readonly TrainingExecutor executor;
    private readonly TimeProvider time;
    private readonly Action<string>? refused;
    private readonly Func<IStageObjective, IStageObjective> instrument;
    private readonly BlockCache cache = new();
    private readonly ILoggingAdapter log = Context.GetLogger();
    private CancellationTokenSource? training;
    private string session = string.Empty;
    private int round;

    /// <summary>Use <see cref="ClientDeviceProtocol.Props"/>.</summary>
    public ClientDevice(ClientDeviceSettings settings, IActorRef server, ClientDataView data, TrainingExecutor executor, TimeProvider time, Action<string>? refused,
        Func<IStageObjective, IStageObjective> instrument)
    {
        this.instrument = instrument;
        this.settings = settings;
        this.server = server;
        this.data = data;
        this.executor = executor;
        this.time = time;
        this.refused = refused;
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
        Receive<TrainStage>(HandleTrainStage);
        Receive<CancelTraining>(cancel => Sender.Tell(new CancelTrainingAck(settings.ClientId, cancel.Round, false)));
        Common();
    }

    private void Training()
    {
        Receive<TrainStage>(task => Decline(task, Sender, $"busy training round {round}"));
        Receive<TrainingFinished>(HandleTrainingFinished);
        Receive<TrainingFailed>(HandleTrainingFailed);
        Receive<CancelTraining>(HandleCancelTraining);
        Common();
    }

    private void Common()
    {
        Receive<GetDeviceStatus>(_ => Sender.Tell(new DeviceStatusResponse(settings.ClientId, training is not null, round, cache.Count)));
        Receive<RegisterClientAck>(ack =>
        {
            Timers.Cancel(RegisterTick.Instance);
            session = ack.Session;
        });
        Receive<RegisterClientRefused>(refusal =>
        {
            // Retrying with the same secret or data cannot succeed; the operator has to fix it.
            Timers.Cancel(RegisterTick.Instance);
            log.Error("The server refused client {0}: {1}", refusal.ClientId, refusal.Reason);
            refused?.Invoke(refusal.Reason);
        });
        Receive<RegisterTick>(_ => Register());
    }

    private void Register() =>
        server.Tell(new RegisterClient(settings.ClientId, settings.BudgetBytes, data.Count, settings.SpeedFactor, Self)
        {
            // A fresh proof each time: the server takes each once, bound to this device's address.
            JoinToken = JoinProof.Create(settings.JoinToken, settings.ClientId, JoinProof.Binding(Context.System, Self), time.GetUtcNow()),
            Facts = new DeviceFacts(data.Dataset.Shape, data.Dataset.ClassCount, settings.Fingerprint, settings.Models),
        });

    private void HandleTrainStage(TrainStage task)
    {
        round = task.Round;
        if (Seeds.DropsOut(task.RunSeed, task.Round, settings.ClientId, settings.DropoutProbability))
        {
            log.Debug("Client {0} drops out of round {1}", settings.ClientId, task.Round);
            if (settings.AnnounceDropouts)
            {
                Sender.Tell(new DropoutAnnounced(settings.ClientId, task.Round, task.Attempt) { Session = session });
            }

            return;
        }

        if (settings.BudgetBytes < task.RequiredBytes)
        {
            Decline(task, Sender, $"memory budget {settings.BudgetBytes} bytes is below the stage's {task.RequiredBytes} bytes");
            return;
        }

        IStageObjective objective;
        try
        {
            objective = instrument(task.Settings.Objective.Create(task.StageCount));
            task.Settings.Training.Validate();
        }
        catch (ArgumentException error)
        {
            Decline(task, Sender, $"cannot train with the server's settings: {error.Message}");
            return;
        }

        var missing = cache.Merge(task.Blocks, task.Weights);
        if (missing.Count > 0)
        {
            cache.Clear();
            Decline(task, Sender, $"blocks missing from the cache: {string.Join(", ", missing)}");
            return;
        }

        var slice = cache.Slice(task.Blocks);
        if (!task.Settings.CacheBlocks)
        {
            cache.Clear();
        }

        var replyTo = Sender;
        var (options, seed) = (task.Settings.Training, task.Settings.BatchOrderSeed);
        var trainer = new LocalTrainer(time);
        training = new CancellationTokenSource();
        executor.RunAsync((model, ct) => trainer.Train(model, slice, task.Trainable, objective, data, options, seed, ct), training.Token)
            .PipeTo(
                Self,
                success: update => new TrainingFinished(task, replyTo, update),
                failure: error => new TrainingFailed(task, replyTo, error));
        Become(Training);
    }

    private void HandleTrainingFinished(TrainingFinished finished)
    {
        EndTraining();
        var (task, update) = (finished.Task, finished.Update);
        var nominal = settings.SecondsPerStep is { } perStep ? update.Steps * perStep : update.Duration.TotalSeconds;
        var submit = new SubmitUpdate(
            settings.ClientId, task.Round, task.Attempt, task.ModelVersion, update.Weights, update.SampleCount, update.MeanLoss,
            update.Duration.TotalSeconds, nominal / settings.SpeedFactor, task.RequiredBytes,
            task.Weights.ByteCount, update.Weights.ByteCount, cache.Held())
        {
            Session = session,
        };
        BulkTransfer.Send(Context.System, finished.ReplyTo, submit, Self);
    }

    private void HandleTrainingFailed(TrainingFailed failed)
    {
        EndTraining();
        if (failed.Error is not OperationCanceledException)
        {
            log.Warning("Client {0} failed to train round {1}: {2}", settings.ClientId, failed.Task.Round, failed.Error.Message);
            Decline(failed.Task, failed.ReplyTo, $"training failed: {failed.Error.Message}");
        }
    }

    private void HandleCancelTraining(CancelTraining cancel)
    {
        var running = cancel.Round == round;
        if (running)
        {
            training?.Cancel();
        }

        Sender.Tell(new CancelTrainingAck(settings.ClientId, cancel.Round, running));
    }

    private void EndTraining()
    {
        training?.Dispose();
        training = null;
        Become(Idle);
    }

    private void Decline(TrainStage task, IActorRef replyTo, string reason) =>
        replyTo.Tell(new TaskDeclined(settings.ClientId, task.Round, task.Attempt, reason) { Session = session });

    private sealed record TrainingFinished(TrainStage Task, IActorRef ReplyTo, LocalUpdate Update);

    private sealed record TrainingFailed(TrainStage Task, IActorRef ReplyTo, Exception Error);

    private sealed class RegisterTick
    {
        public static readonly RegisterTick Instance = new();

        private RegisterTick()
        {
        }
    }
}
