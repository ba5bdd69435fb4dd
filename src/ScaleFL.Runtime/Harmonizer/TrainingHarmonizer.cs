using Akka.Actor;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using static ScaleFL.Runtime.Harmonizer.HarmonizerProtocol;

namespace ScaleFL.Runtime.Harmonizer;

/// <summary>Answers <see cref="GetTrainableSet"/> from the plan of every stage, computed once at start.</summary>
public sealed class TrainingHarmonizer : ReceiveActor
{
    private readonly ITrainingPlan plan;
    private readonly Func<StagedModel> modelFactory;
    private TrainableSet[] stages = [];

    /// <summary>Use <see cref="HarmonizerProtocol.Props"/>.</summary>
    public TrainingHarmonizer(ITrainingPlan plan, Func<StagedModel> modelFactory)
    {
        this.plan = plan;
        this.modelFactory = modelFactory;
        Receive<GetTrainableSet>(HandleGetTrainableSet);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        using var model = modelFactory();
        stages = Enumerable.Range(0, model.StageCount).Select(stage => plan.For(model, stage)).ToArray();
    }

    private void HandleGetTrainableSet(GetTrainableSet request)
    {
        if (request.Stage < 0 || request.Stage >= stages.Length)
        {
            Sender.Tell(new Status.Failure(new ArgumentOutOfRangeException(
                nameof(request), $"Stage {request.Stage} is outside 0..{stages.Length - 1}.")));
            return;
        }

        Sender.Tell(new TrainableSetResponse(request.Stage, stages[request.Stage]));
    }
}
