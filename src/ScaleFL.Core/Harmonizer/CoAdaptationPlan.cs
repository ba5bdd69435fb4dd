using ScaleFL.Core.Models;

namespace ScaleFL.Core.Harmonizer;

/// <summary>
/// The Training Harmonizer's plan: which parameters a stage trains. With co-adaptation on,
/// stage k also trains the last layer of block k-1 (PAPER.md, Figure 4), so block k's loss
/// reaches into its predecessor; that refined tail is then written back to the global model.
/// </summary>
public static class CoAdaptationPlan
{
    /// <summary>The trainable set of block-wise stage <paramref name="stage"/>.</summary>
    public static TrainableSet ForStage(StagedModel model, int stage, bool coAdapt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, model.StageCount);
        var coAdapted = coAdapt && stage > 0 ? model.TailPrefixes(stage - 1) : [];
        var prefixes = new List<string> { StagedModel.BlockPrefix(stage), StagedModel.OutputPrefix(stage) };
        prefixes.AddRange(coAdapted);
        var firstGradientBlock = coAdapted.Count > 0 ? stage - 1 : stage;
        return new TrainableSet(stage, prefixes, coAdapted, firstGradientBlock);
    }

    /// <summary>The whole network: every block and the last stage's output module.</summary>
    public static TrainableSet FullModel(StagedModel model)
    {
        var last = model.StageCount - 1;
        var prefixes = Enumerable.Range(0, model.StageCount).Select(StagedModel.BlockPrefix).ToList();
        prefixes.Add(StagedModel.OutputPrefix(last));
        return new TrainableSet(last, prefixes, [], 0);
    }
}
