using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Server;

/// <summary>
/// The server's record of block versions and of what each client holds, so a task carries only
/// the blocks a client lacks.
/// </summary>
internal sealed class BlockLedger
{
    private readonly Dictionary<string, int> versions = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<string, int>> held = [];

    public BlockLedger(WeightSet initial)
    {
        foreach (var array in initial)
        {
            versions[BlockVersion.BlockOf(array.Name)] = 0;
        }
    }

    /// <summary>The blocks of <paramref name="slice"/> with their current versions, in slice order.</summary>
    public IReadOnlyList<BlockVersion> VersionsOf(WeightSet slice) =>
        slice.Select(array => BlockVersion.BlockOf(array.Name)).Distinct().Select(block => new BlockVersion(block, versions[block])).ToList();

    /// <summary>The arrays of <paramref name="slice"/> in blocks <paramref name="clientId"/> does not hold at their current version.</summary>
    public WeightSet MissingFor(int clientId, WeightSet slice, IReadOnlyList<BlockVersion> blocks)
    {
        if (!held.TryGetValue(clientId, out var holdings))
        {
            return slice;
        }

        var missing = blocks.Where(block => !holdings.TryGetValue(block.Block, out var version) || version != block.Version)
            .Select(block => block.Block)
            .ToHashSet(StringComparer.Ordinal);
        return missing.Count == blocks.Count ? slice : slice.Where(name => missing.Contains(BlockVersion.BlockOf(name)));
    }

    public void Record(int clientId, IReadOnlyList<BlockVersion> holdings)
    {
        if (holdings.Count == 0)
        {
            held.Remove(clientId);
            return;
        }

        held[clientId] = holdings.ToDictionary(block => block.Block, block => block.Version, StringComparer.Ordinal);
    }

    public void Forget(int clientId) => held.Remove(clientId);

    /// <summary>Each block's current version, for a checkpoint.</summary>
    public Dictionary<string, int> Versions() => new(versions, StringComparer.Ordinal);

    /// <summary>Takes the block versions of a checkpoint; blocks it does not name keep theirs.</summary>
    public void Restore(IReadOnlyDictionary<string, int> saved)
    {
        foreach (var (block, version) in saved)
        {
            if (versions.ContainsKey(block))
            {
                versions[block] = version;
            }
        }
    }

    /// <summary>Marks the blocks of the arrays that differ (by reference) between <paramref name="before"/> and <paramref name="after"/> as written at <paramref name="version"/>.</summary>
    public void Bump(WeightSet before, WeightSet after, int version)
    {
        foreach (var array in after)
        {
            if (!ReferenceEquals(array, before[array.Name]))
            {
                versions[BlockVersion.BlockOf(array.Name)] = version;
            }
        }
    }
}
