using Akka.Actor;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Server;

/// <summary>The end of the run: the final evaluation of the whole network, then <see cref="RunCompleted"/>.</summary>
public sealed partial class ServerAggregator
{
    private void Finish()
    {
        var (weights, evaluated, test, evalBatch, last) = (global, model, testData, settings.EvalBatchSize, model.StageCount - 1);
        var work = Task.Run(() =>
        {
            ModuleWeights.Load(evaluated, weights);
            return new FinalEvaluated(Evaluator.Evaluate(evaluated, last, test, evalBatch, null));
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
            var completed = new RunCompleted(
                round, global, final.Evaluation.Accuracy, final.Evaluation.Loss, final.Evaluation.Samples, lateDiscarded);
            foreach (var subscriber in subscribers)
            {
                BulkTransfer.Send(Context.System, subscriber, completed, Self);
            }

            Become(Done);
        });
        Receive<Status.Failure>(failure => Fail($"final evaluation: {failure.Cause.Message}"));
        Common();
    }

    private sealed record FinalEvaluated(EvaluationResult Evaluation);
}
