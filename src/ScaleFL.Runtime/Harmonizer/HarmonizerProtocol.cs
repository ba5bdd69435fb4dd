using Akka.Actor;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Models;

namespace ScaleFL.Runtime.Harmonizer;

/// <summary>
/// Contract of the <see cref="TrainingHarmonizer"/>: it owns the method's co-adaptation plan and
/// answers which prefixes a stage trains, which of them are the co-adapted tail of the previous
/// block, and where the gradient starts.
/// </summary>
public static class HarmonizerProtocol
{
    /// <summary>Marker of the messages that cross the wire; bound to <see cref="Serialization.HarmonizerSerializer"/>.</summary>
    public interface IHarmonizerMessage;

    /// <summary>Asks for the trainable set of <paramref name="Stage"/> (0-based); answered with <see cref="TrainableSetResponse"/>.</summary>
    public sealed record GetTrainableSet(int Stage) : IHarmonizerMessage;

    /// <summary>The trainable set of <paramref name="Stage"/> under the method's plan.</summary>
    public sealed record TrainableSetResponse(int Stage, TrainableSet Trainable) : IHarmonizerMessage;

    /// <summary>
    /// Creates the harmonizer for <paramref name="plan"/>. It builds one model from
    /// <paramref name="modelFactory"/> at start to read the block layout, plans every stage, and
    /// disposes the model: it holds only names afterwards.
    /// </summary>
    public static Props Props(ITrainingPlan plan, Func<StagedModel> modelFactory) =>
        Akka.Actor.Props.Create(() => new TrainingHarmonizer(plan, modelFactory));
}
