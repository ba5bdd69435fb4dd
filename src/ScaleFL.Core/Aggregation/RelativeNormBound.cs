using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>
/// A norm bound scaled to the round: an update whose change to the weights it was sent is more
/// than <paramref name="multiple"/> times the median change of the round's other updates is
/// rejected, as robust FL servers bound updates by the round's median norm rather than by a
/// fixed number. Leaving the update itself out of its median means one device cannot raise its
/// own bound, even in a round of two. A round with one update (or whose other updates did not
/// move) has nothing to compare with and keeps it (the absolute bound of
/// <see cref="UpdateValidator"/> still applies).
/// </summary>
/// <param name="multiple">How many times the others' median norm an update may reach; greater than 1.</param>
public sealed class RelativeNormBound(double multiple)
{
    /// <summary>
    /// The default multiple: honest updates of one round differ in norm by a small factor (more
    /// local steps, other data), a poisoned or broken one by orders of magnitude.
    /// </summary>
    public const double DefaultMultiple = 10;

    /// <summary>The multiple this bound applies.</summary>
    public double Multiple { get; } = multiple > 1
        ? multiple
        : throw new ArgumentOutOfRangeException(nameof(multiple), multiple, "The relative norm bound must be greater than 1.");

    /// <summary>
    /// Splits <paramref name="results"/> into the kept ones and the rejected ones (as failures
    /// naming the norms), judging each by its L2 change to <paramref name="sent"/>. Results must
    /// already have passed <see cref="UpdateValidator.Check"/> against <paramref name="sent"/>.
    /// </summary>
    public (IReadOnlyList<ClientResult> Kept, IReadOnlyList<ClientFailure> Rejected) Apply(WeightSet sent, IReadOnlyList<ClientResult> results) =>
        Apply(_ => sent, results);

    /// <summary>
    /// As <see cref="Apply(WeightSet, IReadOnlyList{ClientResult})"/> with each result judged
    /// against what its device was sent (<paramref name="sentTo"/>): sub-models of different
    /// widths. Norms are compared per element (the root mean square change), so a full-width
    /// update is not an outlier merely for holding more elements than a narrow one.
    /// </summary>
    public (IReadOnlyList<ClientResult> Kept, IReadOnlyList<ClientFailure> Rejected) Apply(Func<ClientResult, WeightSet> sentTo, IReadOnlyList<ClientResult> results)
    {
        var norms = results.Select(result => UpdateValidator.DeltaNorm(sentTo(result), result.Weights) / Math.Sqrt(Math.Max(1, result.Weights.Sum(array => array.ElementCount)))).ToArray();
        var kept = new List<ClientResult>();
        var rejected = new List<ClientFailure>();
        for (var i = 0; i < results.Count; i++)
        {
            var others = norms.Where((_, j) => j != i).ToArray();
            // Without others, or when the others did not move, there is no scale to judge by.
            var median = others.Length == 0 ? 0 : Median(others);
            if (median <= 0)
            {
                kept.Add(results[i]);
                continue;
            }

            if (norms[i] > Multiple * median)
            {
                rejected.Add(new ClientFailure(
                    results[i].ClientId, $"rejected: update norm {norms[i]:G4} is above {Multiple:G3} x {median:G4}, the median of the round's other updates"));
                continue;
            }

            kept.Add(results[i]);
        }

        return (kept, rejected);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
