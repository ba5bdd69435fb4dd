using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Methods;

/// <summary>Decides what a round trains, given the model and the stage the schedule chose.</summary>
public interface ITrainingPlan
{
    /// <summary>Name used in results, for example <c>blockwise+coadapt</c>.</summary>
    string Name { get; }

    /// <summary>The trainable set of a round at schedule stage <paramref name="stage"/> (0-based).</summary>
    TrainableSet For(StagedModel model, int stage);
}

/// <summary>
/// Sequential block-wise training: stage k trains block k and its output module, plus the
/// previous block's tail when the Training Harmonizer co-adapts.
/// </summary>
public sealed record BlockwisePlan(bool CoAdapt) : ITrainingPlan
{
    /// <inheritdoc />
    public string Name => CoAdapt ? "blockwise+coadapt" : "blockwise";

    /// <inheritdoc />
    public TrainableSet For(StagedModel model, int stage) => CoAdaptationPlan.ForStage(model, stage, CoAdapt);
}

/// <summary>End-to-end training of the whole network; the schedule's stage is ignored.</summary>
public sealed record FullModelPlan : ITrainingPlan
{
    /// <inheritdoc />
    public string Name => "full-model";

    /// <inheritdoc />
    public TrainableSet For(StagedModel model, int stage) => CoAdaptationPlan.FullModel(model);
}
