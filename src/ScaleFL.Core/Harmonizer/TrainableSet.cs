namespace ScaleFL.Core.Harmonizer;

/// <summary>
/// What one stage trains, by state-dict name prefix (each ending in a dot).
/// </summary>
/// <param name="Stage">The stage (0-based) whose output module produces the loss.</param>
/// <param name="Prefixes">Everything that receives gradients, including co-adapted layers.</param>
/// <param name="CoAdaptedPrefixes">
/// The previous block's tail trained along with this stage (the Harmonizer's backward flow);
/// the aggregated values are written back into the global model (its forward flow). Empty when
/// the harmonizer is off or at stage 0.
/// </param>
/// <param name="FirstGradientBlock">
/// The first block that runs with autograd on. Blocks before it are the frozen prefix: forward
/// only, under no_grad, in eval mode.
/// </param>
public sealed record TrainableSet(
    int Stage,
    IReadOnlyList<string> Prefixes,
    IReadOnlyList<string> CoAdaptedPrefixes,
    int FirstGradientBlock)
{
    /// <summary>
    /// The stages (0-based, ascending) whose output modules produce a loss: those of stages
    /// 0..<see cref="Stage"/> whose output module is trained. One stage for block-wise and
    /// full-model training; every block's classifier for a DepthFL sub-model
    /// (<see cref="SubModels.DepthSubModel"/>).
    /// </summary>
    public IReadOnlyList<int> Exits =>
        [.. Enumerable.Range(0, Stage + 1).Where(stage => Prefixes.Contains(Models.StagedModel.OutputPrefix(stage), StringComparer.Ordinal))];

    /// <summary>True when the tensor or module named <paramref name="name"/> is trained.</summary>
    public bool Contains(string name) => Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>True when a module of this name (no trailing dot) lies inside the trained set.</summary>
    public bool ContainsModule(string moduleName) => Contains(moduleName + ".");
}
