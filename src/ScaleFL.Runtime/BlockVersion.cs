namespace ScaleFL.Runtime;

/// <summary>
/// The version of one block of the global model. A block is every array under one two-part
/// prefix (<c>blocks.2.</c>, <c>outputs.0.</c>); its version is the global model version at which
/// aggregation last changed it, so a client holding the same version holds the same values.
/// </summary>
/// <param name="Block">The block prefix, ending in a dot.</param>
/// <param name="Version">The model version that last wrote it; 0 for the initial weights.</param>
public sealed record BlockVersion(string Block, int Version)
{
    /// <summary>The block an array belongs to: its name up to and including the second dot (the whole name when it has fewer).</summary>
    public static string BlockOf(string arrayName)
    {
        var first = arrayName.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : arrayName.IndexOf('.', first + 1);
        return second < 0 ? arrayName : arrayName[..(second + 1)];
    }
}
