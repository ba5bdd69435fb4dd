namespace ScaleFL.Core.Data;

/// <summary>Argument checks every partitioner shares.</summary>
internal static class SplitArguments
{
    /// <summary>Checks the arguments every partitioner shares.</summary>
    public static void Validate(IReadOnlyList<long> labels, int classCount, int clientCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (labels.Count < clientCount)
        {
            throw new ArgumentException(
                $"Cannot give each of {clientCount} clients a sample: only {labels.Count} samples.", nameof(labels));
        }

        if (labels.Any(label => label < 0 || label >= classCount))
        {
            throw new ArgumentException($"A label lies outside 0..{classCount - 1}.", nameof(labels));
        }
    }
}
