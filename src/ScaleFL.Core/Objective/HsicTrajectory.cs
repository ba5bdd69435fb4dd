using System.Globalization;
using System.Text;

namespace ScaleFL.Core.Objective;

/// <summary>One logged point of a trajectory: where a stage stood after a round.</summary>
/// <param name="Round">The round (as the caller counts it).</param>
/// <param name="Point">The measured point, which carries the stage.</param>
public sealed record HsicTrajectoryRow(int Round, HsicPlanePoint Point);

/// <summary>
/// Per-stage trajectories in the (nHSIC(X;Z), nHSIC(Y;Z)) plane over rounds, the data of the
/// paper's Figure 3, kept as plain rows for plotting or CSV. Not thread-safe.
/// </summary>
public sealed class HsicTrajectory
{
    /// <summary>The CSV header line.</summary>
    public const string CsvHeader = "round,stage,nhsic_x_z,nhsic_y_z";

    private readonly List<HsicTrajectoryRow> rows = [];

    /// <summary>Rows in the order they were recorded.</summary>
    public IReadOnlyList<HsicTrajectoryRow> Rows => rows;

    /// <summary>Records where <paramref name="point"/>'s stage stood after <paramref name="round"/>.</summary>
    public void Record(int round, HsicPlanePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        rows.Add(new HsicTrajectoryRow(round, point));
    }

    /// <summary>One stage's rows ordered by round.</summary>
    public IReadOnlyList<HsicTrajectoryRow> ForStage(int stage) =>
        [.. rows.Where(row => row.Point.Stage == stage).OrderBy(row => row.Round)];

    /// <summary>Header plus one line per row, invariant culture, round-trippable doubles.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Round},{row.Point.Stage},{row.Point.InputInformation:R},{row.Point.LabelInformation:R}\n");
        }

        return csv.ToString();
    }
}
