using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Which methods memory-elastic batches make sense for, whichever way they are asked for
/// (<c>NAME+elastic</c> or <c>microBatches: auto</c>): a method whose participation is gated by
/// memory at the configured batch (the block-wise methods, <c>fedavg-exclusive</c>). One rule, so
/// the two spellings cannot disagree.
/// </summary>
public static class ElasticBatchRule
{
    /// <summary>Why <paramref name="catalogName"/> cannot use elastic batches, or null when it can.</summary>
    public static string? Conflict(string catalogName)
    {
        ArgumentNullException.ThrowIfNull(catalogName);
        if (MethodCatalog.HasSubModels(catalogName))
        {
            return $"{catalogName} fits a small device with a smaller sub-model, not a smaller batch";
        }

        return catalogName == "fedavg-all"
            ? "fedavg-all trains every client whatever its memory, so no device needs a smaller batch"
            : null;
    }

    /// <summary>
    /// Throws an <see cref="ExperimentException"/> (one line naming the conflict and the way out) when
    /// <paramref name="method"/> (a <see cref="MethodVariant"/> spelling) asks for elastic batches, or
    /// <paramref name="microBatches"/> is <c>auto</c>, for a method that cannot use them.
    /// </summary>
    public static void Check(string method, string microBatches)
    {
        var (catalogName, elastic) = MethodVariant.Parse(method);
        if (Conflict(catalogName) is not { } reason)
        {
            return;
        }

        if (elastic)
        {
            throw new ExperimentException($"method: '{method}' asks for elastic batches, but {reason}; run '{catalogName}' or a block-wise method with '{MethodVariant.ElasticSuffix}'.");
        }

        if (microBatches == "auto")
        {
            throw new ExperimentException(
                $"microBatches: 'auto' (--micro-batches auto) cannot apply to method '{method}': {reason}; set it off and name the methods that should use elastic batches NAME{MethodVariant.ElasticSuffix} (e.g. scalefl{MethodVariant.ElasticSuffix}).");
        }
    }
}
