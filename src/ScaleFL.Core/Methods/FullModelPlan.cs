using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Methods;

/// <summary>End-to-end training of the whole network; the schedule's stage is ignored.</summary>
public sealed record FullModelPlan : ITrainingPlan
{
    /// <inheritdoc />
    public string Name => "full-model";

    /// <inheritdoc />
    public TrainableSet For(StagedModel model, int stage) => CoAdaptationPlan.FullModel(model);
}
