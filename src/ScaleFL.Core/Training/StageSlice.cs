using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Training;

/// <summary>
/// The part of the global model a client needs for a stage: blocks 0..stage and the stage's
/// output module (PAPER.md: "the server sends [theta_1..theta_t, O_t]").
/// </summary>
public static class StageSlice
{
    /// <summary>The arrays of <paramref name="global"/> that a client training <paramref name="trainable"/> needs.</summary>
    public static WeightSet Of(WeightSet global, TrainableSet trainable)
    {
        var prefixes = Enumerable.Range(0, trainable.Stage + 1)
            .Select(StagedModel.BlockPrefix)
            .Append(StagedModel.OutputPrefix(trainable.Stage))
            .ToArray();
        return global.Where(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }
}
