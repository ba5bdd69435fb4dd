using Akka.Actor;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using static ScaleFL.Runtime.Mentor.MentorProtocol;
using static ScaleFL.Runtime.Server.AggregatorProtocol;

namespace ScaleFL.Runtime.Mentor;

/// <summary>
/// Holds the history of finished rounds and answers the schedule's stage for the next one, the
/// stage's objective weights, and footprints (cached per trainable set).
/// </summary>
public sealed class CurriculumMentor : ReceiveActor
{
    private readonly ISchedule schedule;
    private readonly IObjectiveFactory objectives;
    private readonly Func<StagedModel> modelFactory;
    private readonly FootprintCache footprints;
    private readonly List<RoundRecord> history = [];
    private StagedModel? model;

    /// <summary>Use <see cref="MentorProtocol.Props"/>.</summary>
    public CurriculumMentor(MentorSettings settings, ISchedule schedule, IObjectiveFactory objectives, IMemoryModel memoryModel, Func<StagedModel> modelFactory)
    {
        this.schedule = schedule;
        this.objectives = objectives;
        this.modelFactory = modelFactory;
        footprints = new FootprintCache(memoryModel, settings.Training);
        history.AddRange(settings.History);
        Receive<GetRoundStage>(HandleGetRoundStage);
        Receive<GetRequiredMemory>(HandleGetRequiredMemory);
        Receive<RoundCompleted>(HandleRoundCompleted);
    }

    /// <inheritdoc />
    protected override void PostStop() => model?.Dispose();

    private StagedModel Model => model ??= modelFactory();

    private void HandleGetRoundStage(GetRoundStage request)
    {
        if (schedule.IsFinished(history))
        {
            Sender.Tell(new RoundStageResponse(request.Round, -1, true, ObjectiveSpec.CrossEntropy));
            return;
        }

        var stage = schedule.StageForRound(request.Round, history);
        var objective = objectives.For(Model.StageCount, stage);
        Sender.Tell(new RoundStageResponse(request.Round, stage, false, ObjectiveSpec.Of(objective, stage)));
    }

    private void HandleGetRequiredMemory(GetRequiredMemory request) =>
        Sender.Tell(new RequiredMemoryResponse(footprints.AdmissionLadder(Model, request.Trainable, request.SubModels))
        {
            SubModels = request.SubModels is { } family ? footprints.Ladder(Model, family) : null,
        });

    private void HandleRoundCompleted(RoundCompleted completed)
    {
        // A retried round reports once; the history must hold each round once, in order.
        if (history.Count == 0 || history[^1].Round < completed.Round)
        {
            history.Add(new RoundRecord(completed.Round, completed.ScheduledStage, completed.Metrics.Accuracy));
        }
    }
}
