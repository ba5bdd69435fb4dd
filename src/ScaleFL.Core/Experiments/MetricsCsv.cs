using System.Globalization;
using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Files;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// The rows of <c>metrics.csv</c>, one per round, both ways: written by every run (simulation and
/// server) as rounds finish, and read back so that a resumed run or a resumed <c>compare</c>
/// accounts for the rounds an earlier process did (participation, peak memory, plots).
/// Stages are written counted from 1, as in the paper; <see cref="RoundMetrics"/> counts from 0.
/// </summary>
public static class MetricsCsv
{
    /// <summary>
    /// The header. <c>participants</c> (last, so earlier columns keep their places) holds the ids
    /// of the clients whose update was aggregated, separated by spaces.
    /// </summary>
    public const string Header =
        "round,stage,accuracy,loss,test_loss,eligible,selected,completed,dropped,late,bytes_down,bytes_up,train_seconds,simulated_seconds,seconds,rejected,participants";

    /// <summary>
    /// Reason given to the rejections of a row read back: <c>metrics.csv</c> keeps how many
    /// updates a round rejected, not why.
    /// </summary>
    public const string UnrecordedReason = "unrecorded";

    // Runs written before the participants column: their rows are read with no participants.
    private static readonly string PreviousHeader = Header[..Header.LastIndexOf(',')];

    private static readonly int ColumnCount = Header.Split(',').Length;

    /// <summary>One row for <paramref name="metrics"/>, matching <see cref="Header"/>.</summary>
    public static string Row(RoundMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return string.Join(
            ",",
            Integer(metrics.Round),
            Integer(metrics.Stage + 1),
            Number(metrics.Accuracy),
            metrics.Loss is { } loss ? Number(loss) : string.Empty,
            Number(metrics.TestLoss),
            Integer(metrics.Eligible),
            Integer(metrics.Selected),
            Integer(metrics.Completed),
            Integer(metrics.Dropped),
            Integer(metrics.Late),
            metrics.BytesDown.ToString(CultureInfo.InvariantCulture),
            metrics.BytesUp.ToString(CultureInfo.InvariantCulture),
            Number(metrics.TrainSeconds),
            Number(metrics.SimulatedSeconds),
            Number(metrics.WallSeconds),
            Integer(metrics.RejectedCount),
            string.Join(' ', metrics.Participants.Select(Integer)));
    }

    /// <summary>
    /// The round of one row this class wrote (without nHSIC points, which live in <c>hsic.csv</c>);
    /// a row of the format before <c>participants</c> (one column less) has none recorded. Throws <see cref="InvalidDataException"/> naming <paramref name="source"/> and the row when it
    /// has another column count or a cell that is not a number.
    /// </summary>
    public static RoundMetrics Parse(string row, string source)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cells = row.Split(',');
        if (cells.Length != ColumnCount && cells.Length != ColumnCount - 1)
        {
            throw Bad(source, row, $"has {cells.Length} columns, not the {ColumnCount} of '{Header}'");
        }

        int Int(int index) => int.TryParse(cells[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(source, row, $"column {index + 1} {TextExcerpt.Quote(cells[index])} is not an integer");
        long Long(int index) => long.TryParse(cells[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(source, row, $"column {index + 1} {TextExcerpt.Quote(cells[index])} is not an integer");
        double Real(int index) => double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(source, row, $"column {index + 1} {TextExcerpt.Quote(cells[index])} is not a number");

        var rejected = Int(15);
        return new RoundMetrics(
            Int(0), Int(1) - 1, Real(2), cells[3].Length == 0 ? null : Real(3), Real(4), Int(5), Int(6), Int(7), Int(8),
            Real(12), Real(13), Real(14), Long(10), Long(11), Int(9))
        {
            Rejected = rejected > 0 ? [new RejectionCount(UnrecordedReason, rejected)] : [],
            Participants = cells.Length < ColumnCount ? [] : [.. cells[16].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id =>
                int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var client)
                    ? client
                    : throw Bad(source, row, $"participant {TextExcerpt.Quote(id)} is not a client id"))],
        };
    }

    /// <summary>
    /// Every round of the file at <paramref name="path"/> (none when it does not exist), in file
    /// order. Throws <see cref="InvalidDataException"/> for a file with another header or a bad row.
    /// </summary>
    public static IReadOnlyList<RoundMetrics> Read(string path)
    {
        if (!InputFile.IsPresent(path))
        {
            return [];
        }

        var lines = InputFile.ReadLines(path, "Metrics file", InputFile.TableMaxBytes, line => new InvalidDataException(line));
        if (lines.Length == 0 || (lines[0] != Header && lines[0] != PreviousHeader))
        {
            throw new InvalidDataException($"{path}: the first line is not the metrics header '{Header}'; it was written by another version or is not a metrics file.");
        }

        return [.. lines.Skip(1).Where(line => line.Length > 0).Select(line => Parse(line, path))];
    }

    private static InvalidDataException Bad(string source, string row, string problem) =>
        new($"{source}: row {TextExcerpt.Quote(row)} {problem}.");

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
