using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Methods;

/// <summary>What one device is sent in a sub-model round.</summary>
/// <param name="Spec">The sub-model it builds and trains.</param>
/// <param name="Weights">The slice of the global weights that sub-model holds this round.</param>
/// <param name="Footprint">Training memory of the sub-model; a smaller budget declines.</param>
public sealed record SubModelTask(SubModelSpec Spec, WeightSet Weights, MemoryFootprint Footprint)
{
    /// <summary>
    /// What the device trains, by the global model's names: DepthFL's first d blocks and
    /// classifiers, or every block and the head for a width-scaled sub-model (its arrays keep the
    /// global names, only narrower). The server validates the device's update against it.
    /// </summary>
    public TrainableSet Trains(StagedModel model) =>
        Spec.Depth is { } depth ? DepthSubModel.For(model, depth) : CoAdaptationPlan.FullModel(model);
}

/// <summary>
/// The sub-model part of a method: each device gets the largest sub-model of the
/// <see cref="SubModelLadder"/> whose training footprint fits its budget; a device below the
/// smallest sits out. HeteroFL is <see cref="SubModelFamily.Width"/> with
/// <see cref="WidthSlicing.Prefix"/>, FedRolex the same with <see cref="WidthSlicing.Rolling"/>,
/// DepthFL <see cref="SubModelFamily.Depth"/> (its slice is the first d blocks and classifiers, whole).
/// </summary>
public sealed record SubModelPlan(SubModelFamily Family, WidthSlicing Slicing)
{
    /// <summary>
    /// The task of a device with <paramref name="budgetBytes"/> in round <paramref name="round"/>
    /// (1-based), cut from <paramref name="global"/>, or null when even the smallest sub-model does not fit.
    /// </summary>
    public SubModelTask? Assign(SubModelLadder ladder, WeightSet global, long budgetBytes, int round) =>
        ladder.For(budgetBytes) is { } rung
            ? new SubModelTask(rung.Spec with { Slicing = Slicing }, SubModelSlicer.Extract(global, rung.Layout, Slicing, round), rung.Footprint)
            : null;
}
