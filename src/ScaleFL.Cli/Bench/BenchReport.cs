using System.Globalization;
using System.Text;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// The figures of one bench run: printed as each section finishes (so a long run shows
/// progress) and collected as Markdown for BENCHMARKS.md.
/// </summary>
internal sealed class BenchReport(TextWriter console)
{
    private readonly StringBuilder markdown = new();

    public static CultureInfo Culture => CultureInfo.InvariantCulture;

    public string Markdown => markdown.ToString();

    public void Section(string title)
    {
        console.WriteLine();
        console.WriteLine($"== {title}");
        markdown.AppendLine().AppendLine(Culture, $"### {title}").AppendLine();
    }

    /// <summary>One figure: a name and its value with the unit.</summary>
    public void Figure(string name, string value)
    {
        console.WriteLine($"  {name}: {value}");
        markdown.AppendLine(Culture, $"- {name}: **{value}**");
    }

    /// <summary>Context for the figures above: how they were measured or why a section was skipped.</summary>
    public void Note(string text)
    {
        console.WriteLine($"  ({text})");
        markdown.AppendLine(Culture, $"- _{text}_");
    }

    /// <summary>A table; the first row is the header.</summary>
    public void Table(IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        markdown.AppendLine();
        for (var r = 0; r < rows.Count; r++)
        {
            console.WriteLine("  " + string.Join("  ", rows[r].Select((cell, c) => cell.PadLeft(widths[c]))));
            markdown.AppendLine("| " + string.Join(" | ", rows[r]) + " |");
            if (r == 0)
            {
                markdown.AppendLine("|" + string.Concat(rows[r].Select(_ => " --- |")));
            }
        }

        markdown.AppendLine();
    }

    public static string F(double value, int decimals = 1) => value.ToString("F" + decimals.ToString(Culture), Culture);

    public static string Ms(TimeSpan time) => F(time.TotalMilliseconds, 0) + " ms";

    public static string MiB(long bytes) => F(bytes / 1024.0 / 1024.0) + " MiB";
}
