using System.Globalization;

namespace ScaleFL.Core.SubModels;

/// <summary>
/// The sub-model a device trains in one round, decided by the server and sent with the task:
/// a width-scaled one (HeteroFL / FedRolex: the model built at <paramref name="WidthRatio"/> with
/// static BatchNorm, trained whole on the sliced weights) or, with <see cref="Depth"/> set, a
/// depth-scaled one (DepthFL: the first <see cref="Depth"/> blocks of the full-width model with
/// the classifier after each).
/// </summary>
/// <param name="WidthRatio">One of <see cref="SubModelLadder.Ratios"/>; 1 for DepthFL.</param>
/// <param name="Slicing">Which channels the slice holds (prefix or the round's rolling window); prefix for DepthFL.</param>
public sealed record SubModelSpec(double WidthRatio, WidthSlicing Slicing)
{
    /// <summary>DepthFL's depth d (1..T): blocks 0..d-1 and their classifiers; null for a width-scaled sub-model.</summary>
    public int? Depth { get; init; }

    /// <summary>The family this sub-model belongs to.</summary>
    public SubModelFamily Family => Depth is null ? SubModelFamily.Width : SubModelFamily.Depth;

    /// <summary>DepthFL's sub-model of <paramref name="depth"/> blocks (at least 1).</summary>
    public static SubModelSpec OfDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        return new SubModelSpec(1, WidthSlicing.Prefix) { Depth = depth };
    }

    /// <summary>What a person reads in logs and files: <c>width 1/4</c>, <c>width 1</c> or <c>depth 2</c>.</summary>
    public override string ToString() =>
        Depth is { } depth
            ? string.Create(CultureInfo.InvariantCulture, $"depth {depth}")
            : WidthRatio >= 1 ? "width 1" : string.Create(CultureInfo.InvariantCulture, $"width 1/{Math.Round(1 / WidthRatio):0}");
}
