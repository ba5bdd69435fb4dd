using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.SubModels;

/// <summary>One sub-model of the ladder: what it is, its probed training footprint and its arrays' names and shapes.</summary>
/// <param name="Spec">The sub-model (prefix slicing; a method's plan sets its own slicing when it assigns it).</param>
/// <param name="Footprint">Training memory of the whole sub-model, from the run's memory model.</param>
/// <param name="Layout">The sub-model's arrays (names and shapes; values empty).</param>
public sealed record SubModelRung(SubModelSpec Spec, MemoryFootprint Footprint, IReadOnlyList<NamedArray> Layout)
{
    /// <summary>The width ratio (1 for a depth rung).</summary>
    public double Ratio => Spec.WidthRatio;
}

/// <summary>
/// The sub-models a sub-model method offers, largest first: HeteroFL's model rates 1, 1/2, 1/4,
/// 1/8, 1/16 (<see cref="SubModelFamily.Width"/>) or DepthFL's depths T..1
/// (<see cref="SubModelFamily.Depth"/>), each probed once per run with the same memory model that
/// sizes ScaleFL's stages, on the real sub-model: the same budgets decide who trains what in every method.
/// </summary>
public sealed class SubModelLadder
{
    private SubModelLadder(IReadOnlyList<SubModelRung> rungs) => Rungs = rungs;

    /// <summary>The width ratios, widest first.</summary>
    public static IReadOnlyList<double> Ratios { get; } = [1, 0.5, 0.25, 0.125, 0.0625];

    /// <summary>The rungs, largest first.</summary>
    public IReadOnlyList<SubModelRung> Rungs { get; }

    /// <summary>The smallest rung: a device below its footprint sits out.</summary>
    public SubModelRung Narrowest => Rungs[^1];

    /// <summary>
    /// Probes every sub-model of <paramref name="family"/> of <paramref name="model"/> (the global
    /// model) with <paramref name="memoryModel"/> for local training at <paramref name="batchSize"/>
    /// with <paramref name="optimizer"/>. Throws an <see cref="ArgumentException"/> for a model
    /// that cannot be width-sliced when <paramref name="family"/> is <see cref="SubModelFamily.Width"/>.
    /// </summary>
    public static SubModelLadder Probe(SubModelFamily family, StagedModel model, IMemoryModel memoryModel, int batchSize, OptimizerKind optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        return family == SubModelFamily.Width ? Probe(model.Description, memoryModel, batchSize, optimizer) : ProbeDepths(model, memoryModel, batchSize, optimizer);
    }

    /// <summary>The width ladder of the model <paramref name="global"/> describes (see <see cref="Probe(SubModelFamily, StagedModel, IMemoryModel, int, OptimizerKind)"/>).</summary>
    public static SubModelLadder Probe(ModelDescription global, IMemoryModel memoryModel, int batchSize, OptimizerKind optimizer) =>
        new(Ratios.Select(ratio =>
        {
            using var sub = SubModelFactory.Build(global, ratio);
            var footprint = memoryModel.Estimate(sub, CoAdaptationPlan.FullModel(sub), batchSize, optimizer);
            return new SubModelRung(new SubModelSpec(ratio, WidthSlicing.Prefix), footprint, LayoutOf(sub, _ => true));
        }).ToList());

    private static SubModelLadder ProbeDepths(StagedModel model, IMemoryModel memoryModel, int batchSize, OptimizerKind optimizer) =>
        new(Enumerable.Range(1, model.StageCount).Reverse().Select(depth =>
        {
            var trainable = DepthSubModel.For(model, depth);
            var footprint = memoryModel.Estimate(model, trainable, batchSize, optimizer);
            return new SubModelRung(SubModelSpec.OfDepth(depth), footprint, LayoutOf(model, trainable.Contains));
        }).ToList());

    private static List<NamedArray> LayoutOf(StagedModel model, Func<string, bool> holds) =>
        ModuleWeights.Extract(model, holds).Select(array => array with { Values = [] }).ToList();

    /// <summary>A ladder of already probed <paramref name="rungs"/>, largest first (as read back from the wire).</summary>
    public static SubModelLadder Of(IReadOnlyList<SubModelRung> rungs) =>
        rungs.Count > 0 ? new(rungs) : throw new ArgumentException("A sub-model ladder needs at least one rung.", nameof(rungs));

    /// <summary>The largest rung whose training footprint fits <paramref name="budgetBytes"/>, or null when none does.</summary>
    public SubModelRung? For(long budgetBytes) => Rungs.FirstOrDefault(rung => rung.Footprint.TotalBytes <= budgetBytes);

    /// <summary>The rung of <paramref name="ratio"/>; throws an <see cref="ArgumentException"/> for a ratio not on the ladder.</summary>
    public SubModelRung Of(double ratio) =>
        Rungs.FirstOrDefault(rung => rung.Ratio == ratio && rung.Spec.Depth is null)
        ?? throw new ArgumentException($"Width ratio {ratio} is not one of {string.Join(", ", Ratios)}.", nameof(ratio));
}
