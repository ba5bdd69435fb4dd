using System.Text.RegularExpressions;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The command-line parser's messages in the user's words: it names the .NET type it failed to
/// convert to (<c>System.Nullable`1[System.Int32]</c>), which says nothing to someone typing
/// <c>--rounds 99999999999</c>; the kind of value and its range do.
/// </summary>
internal static partial class ParseErrors
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["System.Int32"] = "a whole number from -2147483648 to 2147483647",
        ["System.Int64"] = "a whole number from -9223372036854775808 to 9223372036854775807",
        ["System.Double"] = "a number",
        ["System.Single"] = "a number",
        ["System.Boolean"] = "true or false",
        ["System.String"] = "text",
        ["System.IO.FileInfo"] = "a file path",
        ["System.IO.DirectoryInfo"] = "a folder path",
    };

    /// <summary><paramref name="message"/> with every "expected type 'T'" (T nullable or not) replaced by what T accepts.</summary>
    public static string Plain(string message) => ExpectedType().Replace(message, match =>
    {
        var type = match.Groups["inner"].Success ? match.Groups["inner"].Value : match.Groups["type"].Value;
        return Kinds.TryGetValue(type, out var kind) ? $"as {kind}" : match.Value;
    });

    [GeneratedRegex(@"as expected type '(?:System\.Nullable`1\[(?<inner>[^\]]+)\]|(?<type>[^']+))'")]
    private static partial Regex ExpectedType();
}
