using ScaleFL.Core.Aggregation;

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
    /// Set for a width-scaled method (HeteroFL, FedRolex): each device trains its own sub-model
    /// instead of <see cref="Plan"/>'s part of the global model. Null for every other method.
    /// </summary>
    public WidthPlan? Width { get; init; }

    /// <summary>How the global model is built: static BatchNorm for the width-scaled methods, ordinary otherwise.</summary>
    public Models.WidthScaling ModelWidth => Width is null ? Models.WidthScaling.Full : new Models.WidthScaling(1, staticBatchNorm: true);
}
