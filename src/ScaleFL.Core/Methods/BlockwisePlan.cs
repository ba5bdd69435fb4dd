using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Methods;

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
