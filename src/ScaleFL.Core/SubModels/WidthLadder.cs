using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Memory;
using ScaleFL.Core.Models;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.SubModels;

/// <summary>One width of the ladder: its ratio, its probed training footprint and its arrays' names and shapes.</summary>
/// <param name="Ratio">Width ratio.</param>
/// <param name="Footprint">Training memory of the whole sub-model, from the run's memory model.</param>
/// <param name="Layout">The sub-model's arrays (names and shapes; values empty).</param>
public sealed record WidthRung(double Ratio, MemoryFootprint Footprint, IReadOnlyList<NamedArray> Layout);

/// <summary>
/// The sub-model widths a width-scaled method offers (HeteroFL's model rates 1, 1/2, 1/4, 1/8,
/// 1/16), each probed once per run with the same memory model that sizes ScaleFL's stages, by
/// building the real sub-model: the same budgets decide who trains what in every method.
/// </summary>
public sealed class WidthLadder
{
    private WidthLadder(IReadOnlyList<WidthRung> rungs) => Rungs = rungs;

    /// <summary>The width ratios, widest first.</summary>
    public static IReadOnlyList<double> Ratios { get; } = [1, 0.5, 0.25, 0.125, 0.0625];

    /// <summary>The rungs, widest first.</summary>
    public IReadOnlyList<WidthRung> Rungs { get; }

    /// <summary>The narrowest rung: a device below its footprint sits out.</summary>
    public WidthRung Narrowest => Rungs[^1];

    /// <summary>
    /// Probes every ratio of the model <paramref name="global"/> describes with
    /// <paramref name="memoryModel"/> for local training at <paramref name="batchSize"/> with
    /// <paramref name="optimizer"/>. Throws an <see cref="ArgumentException"/> for a model that cannot be width-sliced.
    /// </summary>
    public static WidthLadder Probe(ModelDescription global, IMemoryModel memoryModel, int batchSize, OptimizerKind optimizer) =>
        new(Ratios.Select(ratio =>
        {
            using var sub = SubModelFactory.Build(global, ratio);
            var footprint = memoryModel.Estimate(sub, CoAdaptationPlan.FullModel(sub), batchSize, optimizer);
            var layout = ModuleWeights.Extract(sub).Select(array => array with { Values = [] }).ToList();
            return new WidthRung(ratio, footprint, layout);
        }).ToList());

    /// <summary>A ladder of already probed <paramref name="rungs"/>, widest first (as read back from the wire).</summary>
    public static WidthLadder Of(IReadOnlyList<WidthRung> rungs) =>
        rungs.Count > 0 ? new(rungs) : throw new ArgumentException("A width ladder needs at least one rung.", nameof(rungs));

    /// <summary>The widest rung whose training footprint fits <paramref name="budgetBytes"/>, or null when none does.</summary>
    public WidthRung? For(long budgetBytes) => Rungs.FirstOrDefault(rung => rung.Footprint.TotalBytes <= budgetBytes);

    /// <summary>The rung of <paramref name="ratio"/>; throws an <see cref="ArgumentException"/> for a ratio not on the ladder.</summary>
    public WidthRung Of(double ratio) =>
        Rungs.FirstOrDefault(rung => rung.Ratio == ratio)
        ?? throw new ArgumentException($"Width ratio {ratio} is not one of {string.Join(", ", Ratios)}.", nameof(ratio));
}
