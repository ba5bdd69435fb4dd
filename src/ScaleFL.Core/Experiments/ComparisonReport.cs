using System.Globalization;
using System.Text;

namespace ScaleFL.Core.Experiments;

/// <summary>Renders comparison rows as the markdown table and CSV a compare run writes.</summary>
public static class ComparisonReport
{
    /// <summary>Header of <c>compare.csv</c>.</summary>
    public const string CsvHeader =
        "method,final_accuracy,best_accuracy,last5_mean_accuracy,rounds_to_target,participation,peak_memory_mib,mb_moved,wall_seconds,rounds";

    /// <summary>The column titles of the markdown table, for console tables too.</summary>
    public static IReadOnlyList<string> Columns(double targetAccuracy) =>
    [
        "method", "final acc", "best acc", $"mean last {ComparisonRow.LastRoundsWindow}", $"rounds to {Percent(targetAccuracy, 0)}", "clients taking part",
        "peak train MiB/client", "MB moved", "wall s",
    ];

    /// <summary>The cells of <paramref name="row"/> in <see cref="Columns"/> order.</summary>
    public static IReadOnlyList<string> Cells(ComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.Method,
            Percent(row.FinalAccuracy, 2),
            Percent(row.BestAccuracy, 2),
            Percent(row.LastRoundsMean, 2),
            row.RoundsToTarget is { } reached ? reached.ToString(CultureInfo.InvariantCulture) : $"not in {row.Rounds}",
            Percent(row.ParticipationShare, 0),
            Mib(row.PeakMemoryBytes).ToString("F1", CultureInfo.InvariantCulture),
            (row.BytesMoved / 1e6).ToString("F1", CultureInfo.InvariantCulture),
            row.WallSeconds.ToString("F0", CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>A markdown table with a title line naming the target accuracy.</summary>
    public static string ToMarkdown(IReadOnlyList<ComparisonRow> rows, double targetAccuracy, string title)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# {title}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Target accuracy {Percent(targetAccuracy, 0)}; final accuracy is the full network on the whole test set, ")
            .Append("best and the mean of the last rounds are per-round accuracies of the last stage (the full network) ")
            .Append("on the evaluation subset.\n\n");
        AppendTable(text, Columns(targetAccuracy), rows.Select(Cells));
        return text.ToString();
    }

    /// <summary>Header plus one line per row; fractions as 0..1, memory in MiB, traffic in MB.</summary>
    public static string ToCsv(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendLine(CsvLine(row));
        }

        return csv.ToString();
    }

    /// <summary>The CSV fields of <paramref name="row"/> in <see cref="CsvHeader"/> order, comma-joined.</summary>
    public static string CsvLine(ComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(
            ",",
            row.Method,
            Number(row.FinalAccuracy),
            Number(row.BestAccuracy),
            Number(row.LastRoundsMean),
            row.RoundsToTarget?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            Number(row.ParticipationShare),
            Number(Mib(row.PeakMemoryBytes)),
            Number(row.BytesMoved / 1e6),
            Number(row.WallSeconds),
            row.Rounds.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Appends a markdown table; cells are escaped for pipes.</summary>
    public static void AppendTable(StringBuilder text, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.Append("| ").AppendJoin(" | ", columns).Append(" |\n");
        text.Append('|').AppendJoin('|', columns.Select(_ => " --- ")).Append("|\n");
        foreach (var cells in rows)
        {
            text.Append("| ").AppendJoin(" | ", cells.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        }
    }

    private static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Percent(double share, int decimals) =>
        (share * 100).ToString($"F{decimals}", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
