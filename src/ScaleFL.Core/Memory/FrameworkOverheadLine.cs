using System.Globalization;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Memory;

/// <summary>
/// The one stdout line of a child that measured <see cref="FrameworkOverhead"/>:
/// <c>framework-overhead bytes=N</c>.
/// </summary>
public static class FrameworkOverheadLine
{
    /// <summary>The first word of the line.</summary>
    public const string Prefix = "framework-overhead";

    /// <summary>The line for <paramref name="bytes"/>.</summary>
    public static string Format(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{Prefix} bytes={bytes}");

    /// <summary>Reads the last such line of a child's whole stdout; FormatException when there is none or it is malformed.</summary>
    public static long Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = output.Split('\n').Select(text => text.Trim()).LastOrDefault(text => text.StartsWith(Prefix + " bytes=", StringComparison.Ordinal))
            ?? throw new FormatException($"The child's output has no '{Prefix} bytes=N' line.");
        var value = line[(Prefix.Length + " bytes=".Length)..];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : throw new FormatException($"{TextExcerpt.Quote(line)} does not end in a byte count.");
    }
}
