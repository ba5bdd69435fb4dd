using Akka.Actor;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Devices.ClientDeviceProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// The end of the run: the final evaluation of the whole network, then every registered device
/// hears <see cref="RunEnded"/> (acknowledged, or <see cref="AggregatorSettings.RunEndedAckWait"/>
/// passes), then <see cref="RunCompleted"/>. A device that lost the server without that message
/// knows the run did not finish and rejoins.
/// </summary>
public sealed partial class ServerAggregator
{
    private readonly HashSet<int> awaitingRunEndedAck = [];
    private RunCompleted? completedRun;

    private void Finish()
    {
        var (weights, evaluated, test, evalBatch, last, definition) = (global, model, testData, settings.EvalBatchSize, model.StageCount - 1, method);
        var work = Task.Run(() =>
        {
            ModuleWeights.Load(evaluated, weights);
            return new FinalEvaluated(definition.Evaluate(evaluated, last, test, evalBatch, null));
        });
        background = work;
        work.PipeTo(Self);
        Become(Finishing);
    }

    private void Finishing()
    {
        state = "Finishing";
        Receive<FinalEvaluated>(final =>
        {
            completedRun = new RunCompleted(
                round, global, final.Evaluation.Accuracy, final.Evaluation.Loss, final.Evaluation.Samples, lateDiscarded);
            TellDevicesRunEnded(new RunEnded(true, round, string.Empty));
            if (awaitingRunEndedAck.Count == 0)
            {
                Complete();
                return;
            }

            Timers.StartSingleTimer(RunEndedAckWaitPassed.Instance, RunEndedAckWaitPassed.Instance, settings.RunEndedAckWait);
        });
        Receive<RunEndedAck>(ack =>
        {
            if (clients.TryGetValue(ack.ClientId, out var registration) && registration.Device.Equals(Sender)
                && awaitingRunEndedAck.Remove(ack.ClientId) && awaitingRunEndedAck.Count == 0 && completedRun is not null)
            {
                Complete();
            }
        });
        Receive<RunEndedAckWaitPassed>(_ => Complete());
        Receive<Status.Failure>(failure => Fail($"final evaluation: {failure.Cause.Message}"));
        Common();
    }

    private void TellDevicesRunEnded(RunEnded ended)
    {
        foreach (var client in clients.Values)
        {
            awaitingRunEndedAck.Add(client.ClientId);
            client.Device.Tell(ended);
        }
    }

    private void Complete()
    {
        Timers.Cancel(RunEndedAckWaitPassed.Instance);
        foreach (var subscriber in subscribers)
        {
            BulkTransfer.Send(Context.System, subscriber, completedRun!, Self);
        }

        Become(Done);
    }

    private sealed record FinalEvaluated(EvaluationResult Evaluation);

    private sealed class RunEndedAckWaitPassed
    {
        public static readonly RunEndedAckWaitPassed Instance = new();

        private RunEndedAckWaitPassed()
        {
        }
    }
}
