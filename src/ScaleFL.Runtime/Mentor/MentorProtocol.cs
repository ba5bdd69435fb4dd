using Akka.Actor;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;

namespace ScaleFL.Runtime.Mentor;

/// <summary>
/// Contract of the <see cref="CurriculumMentor"/>: it owns the schedule (which stage a round
/// trains), the per-block objective and the memory model (what a stage needs), and advances on
/// the server's <see cref="Server.AggregatorProtocol.RoundCompleted"/> events.
/// </summary>
public static class MentorProtocol
{
    /// <summary>Marker of the messages that cross the wire; bound to <see cref="Serialization.MentorSerializer"/>.</summary>
    public interface IMentorMessage;

    /// <summary>Asks which stage round <paramref name="Round"/> trains; answered with <see cref="RoundStageResponse"/>.</summary>
    public sealed record GetRoundStage(int Round) : IMentorMessage;

    /// <summary>The schedule's answer for a round.</summary>
    /// <param name="Round">The round asked about.</param>
    /// <param name="Stage">The stage it trains (0-based); -1 when <paramref name="Finished"/>.</param>
    /// <param name="Finished">True when the schedule runs no more rounds.</param>
    /// <param name="Objective">The stage's objective with this block's lambda1, lambda2 and kernel bandwidth; the server sends it to the devices with the task.</param>
    public sealed record RoundStageResponse(int Round, int Stage, bool Finished, ObjectiveSpec Objective) : IMentorMessage;

    /// <summary>Asks for the training memory of <paramref name="Trainable"/>; answered with <see cref="RequiredMemoryResponse"/>.</summary>
    public sealed record GetRequiredMemory(TrainableSet Trainable) : IMentorMessage
    {
        /// <summary>Set for a sub-model method: the answer also carries that family's sub-models and their footprints.</summary>
        public Core.SubModels.SubModelFamily? SubModels { get; init; }
    }

    /// <summary>
    /// Footprints from the memory model, the stage's and the whole network's, at each size a device
    /// may train with (<see cref="FootprintCache.AdmissionLadder"/>): the configured batch first, then the
    /// micro-batches of elastic batches; for a sub-model method, the smallest sub-model at the
    /// configured batch. Never empty.
    /// </summary>
    public sealed record RequiredMemoryResponse(IReadOnlyList<BatchFootprint> Ladder) : IMentorMessage
    {
        /// <summary>The stage's footprint at the configured batch.</summary>
        public MemoryFootprint Stage => Ladder[0].Stage;

        /// <summary>The whole network's footprint at the configured batch.</summary>
        public MemoryFootprint FullModel => Ladder[0].FullModel;

        /// <summary>The sub-models with their probed footprints, when asked for; otherwise null.</summary>
        public Core.SubModels.SubModelLadder? SubModels { get; init; }
    }

    /// <summary>Creates the mentor; it builds a model from <paramref name="modelFactory"/> only to estimate footprints, once per trainable set.</summary>
    public static Props Props(MentorSettings settings, ISchedule schedule, IObjectiveFactory objectives, IMemoryModel memoryModel, Func<StagedModel> modelFactory) =>
        Akka.Actor.Props.Create(() => new CurriculumMentor(settings.Validate(), schedule, objectives, memoryModel, modelFactory));
}

/// <summary>Settings of the <see cref="CurriculumMentor"/>.</summary>
/// <param name="Training">Local training settings; their batch size and optimizer size the footprints.</param>
public sealed record MentorSettings(TrainingOptions Training)
{
    /// <summary>Records of rounds already run (a resumed run's checkpoint history); default none.</summary>
    public IReadOnlyList<RoundRecord> History { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public MentorSettings Validate()
    {
        Training.Validate();
        return this;
    }
}
