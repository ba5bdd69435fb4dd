using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Devices;

/// <summary>A device's copy of model blocks, each with the version it was sent at.</summary>
internal sealed class BlockCache
{
    private readonly Dictionary<string, (int Version, List<NamedArray> Arrays)> blocks = new(StringComparer.Ordinal);

    public int Count => blocks.Count;

    /// <summary>Stores the sent arrays under their blocks' versions, then returns the blocks of <paramref name="wanted"/> still missing or outdated.</summary>
    public IReadOnlyList<string> Merge(IReadOnlyList<BlockVersion> wanted, WeightSet sent)
    {
        var versions = wanted.ToDictionary(block => block.Block, block => block.Version, StringComparer.Ordinal);
        foreach (var group in sent.GroupBy(array => BlockVersion.BlockOf(array.Name)))
        {
            if (versions.TryGetValue(group.Key, out var version))
            {
                blocks[group.Key] = (version, group.ToList());
            }
        }

        return wanted
            .Where(block => !blocks.TryGetValue(block.Block, out var held) || held.Version != block.Version)
            .Select(block => block.Block)
            .ToList();
    }

    /// <summary>The arrays of <paramref name="wanted"/>, all of which must be held.</summary>
    public WeightSet Slice(IReadOnlyList<BlockVersion> wanted) =>
        new(wanted.SelectMany(block => blocks[block.Block].Arrays));

    public IReadOnlyList<BlockVersion> Held() =>
        blocks.Select(entry => new BlockVersion(entry.Key, entry.Value.Version)).OrderBy(block => block.Block, StringComparer.Ordinal).ToList();

    public void Clear() => blocks.Clear();
}
