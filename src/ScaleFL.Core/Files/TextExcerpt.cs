using System.Globalization;
using System.Text;

namespace ScaleFL.Core.Files;

/// <summary>
/// Quotes text read from a file (a row of a table, a line of a probe's output) in an error message:
/// its start only, so a damaged 100 MB row makes a one-line error and not a copy of the row, and
/// with control characters replaced, so a hostile file cannot drive the terminal the error is shown on.
/// </summary>
public static class TextExcerpt
{
    /// <summary>The most characters of the text quoted, 80.</summary>
    public const int MaxLength = 80;

    /// <summary>
    /// <paramref name="text"/> in single quotes, cut to <see cref="MaxLength"/> characters with
    /// "..." and the whole length in characters when longer, e.g. <c>'1,2,xx...' (5000000 characters)</c>;
    /// every control character (tab, escape, line breaks) and format character (right-to-left override,
    /// zero-width marks) shows as '?'. The length counts UTF-16 code units.
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = new StringBuilder(Math.Min(text.Length, MaxLength) + 32).Append('\'');
        // Never cut between the two halves of a surrogate pair (an emoji would print as a replacement character).
        var cut = text.Length > MaxLength && char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : Math.Min(text.Length, MaxLength);
        foreach (var character in text.AsSpan(0, cut))
        {
            shown.Append(Hidden(character) ? '?' : character);
        }

        shown.Append('\'');
        return text.Length <= MaxLength
            ? shown.ToString()
            : shown.Insert(shown.Length - 1, "...").Append(CultureInfo.InvariantCulture, $" ({text.Length} characters)").ToString();
    }

    // Control characters (escape, bell, line breaks) and format characters (the right-to-left override
    // and other invisible marks that reorder or hide what the terminal shows).
    private static bool Hidden(char character) =>
        char.IsControl(character) || CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.Format;
}
