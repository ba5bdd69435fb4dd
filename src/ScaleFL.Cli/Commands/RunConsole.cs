using System.Diagnostics;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Simulation;
using Spectre.Console;

namespace ScaleFL.Cli.Commands;

/// <summary>Progress lines while training and the final results table; silent but for the table when quiet.</summary>
internal sealed class RunConsole(bool quiet)
{
    public void Info(string message)
    {
        if (!quiet)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        }
    }

    /// <summary>A per-round callback printing round, stage, accuracy, participants and time left.</summary>
    public Action<RoundMetrics> Progress(string method, int rounds)
    {
        var clock = Stopwatch.StartNew();
        var subModels = SubModelsOf(method);
        return metrics =>
        {
            if (quiet)
            {
                return;
            }

            var perRound = clock.Elapsed.TotalSeconds / metrics.Round;
            var left = TimeSpan.FromSeconds(perRound * (rounds - metrics.Round));
            AnsiConsole.MarkupLine(
                $"[bold]{Markup.Escape(method)}[/] round {metrics.Round}/{rounds}  {subModels ?? $"block {metrics.Stage + 1}"}  " +
                $"acc [green]{metrics.Accuracy:P1}[/]  loss {metrics.Loss:F3}  " +
                $"clients {metrics.Completed}/{metrics.Selected} of {metrics.Eligible} eligible" +
                (metrics.Dropped + metrics.Late > 0 ? $" ({metrics.Dropped} dropped, {metrics.Late} late)  " : "  ") +
                $"{metrics.WallSeconds:F1}s  ~{TimeLeft(left)} left");
        };
    }

    /// <summary>
    /// What a sub-model method's round trains, for the progress line: every device its own width or
    /// depth (the devices.csv of a cluster run names each one); null for a block-wise or full-model method.
    /// </summary>
    private static string? SubModelsOf(string method)
    {
        var (catalogName, _) = MethodVariant.Parse(method);
        return MethodCatalog.IsWidthScaled(catalogName) ? "widths by budget"
            : MethodCatalog.HasSubModels(catalogName) ? "depths by budget"
            : null;
    }

    /// <summary><c>mm:ss</c>, with hours in front from one hour on (<c>2:02:16</c>), never wrapping.</summary>
    public static string TimeLeft(TimeSpan left) =>
        left >= TimeSpan.FromHours(1)
            ? $"{(int)left.TotalHours}:{left:mm\\:ss}"
            : $"{left:mm\\:ss}";

    public static void Table(IReadOnlyList<ResultRow> rows)
    {
        var table = new Table().Border(TableBorder.Markdown)
            .AddColumns("method", "final acc", "best acc (last stage)", $"mean last {ComparisonRow.LastRoundsWindow}", "eligible/round", "rounds", "MB moved", "wall s", "results");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Method), $"{row.FinalAccuracy:P2}", $"{row.BestAccuracy:P2}", $"{row.LastRoundsMean:P2}", $"{row.MeanEligible:F1}",
                $"{row.Rounds}", $"{row.BytesMoved / 1e6:F1}", $"{row.WallSeconds:F0}", Markup.Escape(row.Folder));
        }

        AnsiConsole.Write(table);
    }
}
