using ScaleFL.Core.Aggregation;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Training;

namespace ScaleFL.Core.Methods;

/// <summary>
/// A federated method as a composition of strategies (STYLE.md section 2): what a round trains,
/// with which loss, who may join, and how results are combined.
/// </summary>
/// <param name="Name">Catalog name, for example <c>scalefl</c>.</param>
/// <param name="Plan">Which parameters a round trains.</param>
/// <param name="Objective">The loss of each stage.</param>
/// <param name="Participation">Which clients may join a round.</param>
/// <param name="Aggregation">How client results become the new weights.</param>
public sealed record MethodDefinition(
    string Name,
    ITrainingPlan Plan,
    IObjectiveFactory Objective,
    IParticipationPolicy Participation,
    IAggregationStrategy Aggregation)
{
    /// <summary>
    /// Set for a sub-model method (HeteroFL, FedRolex, DepthFL): each device trains its own
    /// sub-model instead of <see cref="Plan"/>'s part of the global model. Null for every other method.
    /// </summary>
    public SubModelPlan? SubModels { get; init; }

    /// <summary>True for the width-scaled methods (HeteroFL, FedRolex).</summary>
    public bool IsWidthScaled => SubModels?.Family == SubModelFamily.Width;

    /// <summary>True for DepthFL, whose global prediction is the ensemble of every block's classifier.</summary>
    public bool IsDepthScaled => SubModels?.Family == SubModelFamily.Depth;

    /// <summary>How the global model is built: static BatchNorm for the width-scaled methods, ordinary otherwise.</summary>
    public Models.WidthScaling ModelWidth => IsWidthScaled ? new Models.WidthScaling(1, staticBatchNorm: true) : Models.WidthScaling.Full;

    /// <summary>
    /// The global model's test accuracy after a round that trained <paramref name="stage"/>:
    /// DepthFL's ensemble of every classifier (<see cref="Evaluator.EvaluateEnsemble"/>), else that
    /// stage's output module (<see cref="Evaluator.Evaluate(Models.StagedModel, int, Data.ImageDataset, int, int?)"/>).
    /// </summary>
    public EvaluationResult Evaluate(Models.StagedModel model, int stage, Data.ImageDataset test, int batchSize, int? maxSamples) =>
        IsDepthScaled ? Evaluator.EvaluateEnsemble(model, test, batchSize, maxSamples) : Evaluator.Evaluate(model, stage, test, batchSize, maxSamples);
}
