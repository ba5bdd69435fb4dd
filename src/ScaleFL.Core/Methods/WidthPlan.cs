using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Methods;

/// <summary>What one device is sent in a width-scaled round.</summary>
/// <param name="Spec">The sub-model it builds and trains.</param>
/// <param name="Weights">The slice of the global weights that sub-model holds this round.</param>
/// <param name="Footprint">Training memory of the sub-model; a smaller budget declines.</param>
public sealed record SubModelTask(SubModelSpec Spec, WeightSet Weights, MemoryFootprint Footprint);

/// <summary>
/// The width-scaled part of a method (HeteroFL with <see cref="WidthSlicing.Prefix"/>, FedRolex
/// with <see cref="WidthSlicing.Rolling"/>): each device gets the widest sub-model of the
/// <see cref="WidthLadder"/> whose training footprint fits its budget; a device below the
/// narrowest sits out.
/// </summary>
public sealed record WidthPlan(WidthSlicing Slicing)
{
    /// <summary>
    /// The task of a device with <paramref name="budgetBytes"/> in round <paramref name="round"/>
    /// (1-based), cut from <paramref name="global"/>, or null when even the narrowest sub-model does not fit.
    /// </summary>
    public SubModelTask? Assign(WidthLadder ladder, WeightSet global, long budgetBytes, int round) =>
        ladder.For(budgetBytes) is { } rung
            ? new SubModelTask(new SubModelSpec(rung.Ratio, Slicing), SubModelSlicer.Extract(global, rung.Layout, Slicing, round), rung.Footprint)
            : null;
}
