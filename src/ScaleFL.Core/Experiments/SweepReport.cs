using System.Globalization;
using System.Text;

namespace ScaleFL.Core.Experiments;

/// <summary>One sweep point's outcome.</summary>
/// <param name="Point">The settings.</param>
/// <param name="Result">The comparison figures of the run.</param>
public sealed record SweepRow(SweepPoint Point, ComparisonRow Result);

/// <summary>Renders sweep results, best final accuracy first, as markdown and CSV.</summary>
public static class SweepReport
{
    /// <summary>Header of <c>sweep.csv</c>: the point, its settings, then the <see cref="ComparisonReport.CsvHeader"/> fields.</summary>
    public const string CsvHeader = "point,settings," + ComparisonReport.CsvHeader;

    /// <summary>Rows by final accuracy, best first; ties by point order.</summary>
    public static IReadOnlyList<SweepRow> Ranked(IEnumerable<SweepRow> rows) =>
        [.. rows.OrderByDescending(row => row.Result.FinalAccuracy).ThenBy(row => row.Point.Index)];

    /// <summary>A markdown table of <paramref name="rows"/> ranked, with a title line.</summary>
    public static string ToMarkdown(IEnumerable<SweepRow> rows, double targetAccuracy, string title)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
        List<string> columns = ["#", "settings", .. ComparisonReport.Columns(targetAccuracy)];
        ComparisonReport.AppendTable(text, columns, Ranked(rows).Select(Cells));
        return text.ToString();
    }

    /// <summary>The cells of <paramref name="row"/>: point, settings, then the comparison cells.</summary>
    public static IReadOnlyList<string> Cells(SweepRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return [row.Point.Index.ToString(CultureInfo.InvariantCulture), row.Point.Label, .. ComparisonReport.Cells(row.Result)];
    }

    /// <summary>Header plus one ranked line per row; the settings are quoted (they hold commas).</summary>
    public static string ToCsv(IEnumerable<SweepRow> rows)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in Ranked(rows))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Point.Index},\"{row.Point.Label.Replace("\"", "\"\"", StringComparison.Ordinal)}\",")
                .AppendLine(ComparisonReport.CsvLine(row.Result));
        }

        return csv.ToString();
    }
}
