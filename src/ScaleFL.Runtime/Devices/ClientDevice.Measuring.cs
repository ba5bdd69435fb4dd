using Akka.Actor;
using Akka.Event;
using ScaleFL.Core.Memory;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Devices;

/// <summary>
/// A device that measures itself: before training a task whose stage needs memory it measures
/// the peak of one real training step of that stage (or of the sub-model the task names) and batch (<see cref="IStagePeakGauge"/>,
/// cached on disk after the first time), and <see cref="DeviceMemoryCheck"/> decides with that
/// figure. Both the update and a decline carry the figure to the server.
/// </summary>
public sealed partial class ClientDevice
{
    private int cancelledWhileMeasuring;

    private static int BatchOf(TrainStage task) => task.Settings.Training.MicroBatchSize ?? task.Settings.Training.BatchSize;

    private static string SubjectOf(TrainStage task) =>
        task.Settings.SubModel?.ToString() ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"stage {task.Trainable.Stage}");

    private void Measure(TrainStage task, IActorRef replyTo)
    {
        var measuring = gauge!;
        // The sub-model the task names (a width or a depth), not the stage it was planned under: the device measures what it will train.
        Task.Run(() => measuring.PeakBytes(task.Trainable, task.Settings.SubModel, BatchOf(task)))
            .PipeTo(
                Self,
                success: bytes => new PeakMeasured(task, replyTo, bytes),
                failure: error => new PeakNotMeasured(task, replyTo, error));
        cancelledWhileMeasuring = 0;
        Become(Measuring);
    }

    private void Measuring()
    {
        Orders();
        Receive<TrainStage>(task => Decline(task, Sender, $"busy measuring the memory of round {round}'s stage"));
        Receive<PeakMeasured>(HandlePeakMeasured);
        Receive<PeakNotMeasured>(failed =>
        {
            Become(Idle);
            log.Warning("Client {0} could not measure {1}: {2}", clientId, SubjectOf(failed.Task), failed.Error.Message);
            Decline(failed.Task, failed.ReplyTo, $"could not measure the stage's memory: {failed.Error.Message}");
        });
        Receive<TrainingFinished>(HandleTrainingFinished);
        Receive<TrainingFailed>(HandleTrainingFailed);
        Receive<CancelTraining>(cancel =>
        {
            // The round closed: the figure is still kept (the gauge caches it), the training is not started.
            cancelledWhileMeasuring = cancel.Round;
            Sender.Tell(new CancelTrainingAck(clientId, cancel.Round, false));
        });
        Common();
    }

    private void HandlePeakMeasured(PeakMeasured measured)
    {
        Become(Idle);
        var task = measured.Task;
        if (cancelledWhileMeasuring == task.Round)
        {
            return;
        }

        var verdict = DeviceMemoryCheck.Judge(SubjectOf(task), BatchOf(task), settings.BudgetBytes, task.RequiredBytes, measured.Bytes);
        if (!verdict.Fits)
        {
            log.Warning("Client {0} declines round {1}, {2}", clientId, task.Round, verdict.Line);
            Decline(task, measured.ReplyTo, verdict.Line, measured.Bytes);
            return;
        }

        log.Info("Client {0} trains round {1}, {2}", clientId, task.Round, verdict.Line);
        StartTraining(task, measured.ReplyTo, measured.Bytes);
    }

    private sealed record PeakMeasured(TrainStage Task, IActorRef ReplyTo, long Bytes);

    private sealed record PeakNotMeasured(TrainStage Task, IActorRef ReplyTo, Exception Error);
}
