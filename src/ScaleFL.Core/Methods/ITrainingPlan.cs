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
