using System.Globalization;
using ScaleFL.Core.Files;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>The nHSIC-plane trajectories of a run, from its rounds, and their <c>hsic.csv</c>.</summary>
public static class HsicFile
{
    /// <summary>The file's name in a method's run folder.</summary>
    public const string Name = "hsic.csv";

    /// <summary>Every recorded point of every round (stages 0-based).</summary>
    public static HsicTrajectory Trajectory(IEnumerable<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var trajectory = new HsicTrajectory();
        foreach (var round in rounds)
        {
            foreach (var point in round.HsicPoints)
            {
                trajectory.Record(round.Round, point);
            }
        }

        return trajectory;
    }

    /// <summary>Writes <c>hsic.csv</c> into <paramref name="folder"/> when the run recorded any point; returns the path or null.</summary>
    public static string? Write(string folder, IEnumerable<RoundMetrics> rounds)
    {
        var trajectory = Trajectory(rounds);
        if (trajectory.Rows.Count == 0)
        {
            return null;
        }

        var path = Path.Combine(folder, Name);
        Files.AtomicFile.WriteAllText(path, trajectory.ToCsv());
        return path;
    }

    /// <summary>
    /// The points of <c>hsic.csv</c> in <paramref name="folder"/> by round, as <see cref="Write"/> wrote
    /// them. A run that did not record the plane (<paramref name="throughRound"/> 0) has none: the
    /// file is not read. One that did has points in every round 1..<paramref name="throughRound"/>
    /// (every trained block is measured after every round), so the plane plots are never drawn from
    /// a part of the run. Throws <see cref="InvalidDataException"/> naming the file when it is missing,
    /// lacks such a round or holds a row it did not write.
    /// </summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<HsicPlanePoint>> Read(string folder, int throughRound)
    {
        var path = Path.Combine(folder, Name);
        if (throughRound == 0)
        {
            return new Dictionary<int, IReadOnlyList<HsicPlanePoint>>();
        }

        if (!InputFile.IsPresent(path))
        {
            throw new InvalidDataException(
                $"{path}: missing, but the run recorded the nHSIC plane through round {throughRound}; restore the file, or run it again under another --name.");
        }

        var lines = InputFile.ReadLines(path, "HSIC file", InputFile.TableMaxBytes, line => new InvalidDataException(line));
        if (lines.Length == 0 || lines[0] != HsicTrajectory.CsvHeader)
        {
            throw new InvalidDataException($"{path}: the first line is not '{HsicTrajectory.CsvHeader}'.");
        }

        var points = lines.Skip(1).Where(line => line.Length > 0).Select(line => Row(path, line))
            .Where(row => row.Round <= throughRound)
            .GroupBy(row => row.Round)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<HsicPlanePoint>)[.. group.Select(row => row.Point)]);
        if (Enumerable.Range(1, throughRound).FirstOrDefault(round => !points.ContainsKey(round)) is > 0 and var gap)
        {
            throw new InvalidDataException(
                $"{path}: has no points of round {gap}, but the run recorded the nHSIC plane through round {throughRound}; restore the file, or run it again under another --name.");
        }

        return points;
    }

    private static HsicTrajectoryRow Row(string path, string line)
    {
        var cells = line.Split(',');
        return cells.Length == 4
            && int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var round)
            && int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stage)
            && double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var input)
            && double.TryParse(cells[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var label)
            ? new HsicTrajectoryRow(round, new HsicPlanePoint(stage, input, label))
            : throw new InvalidDataException($"{path}: {TextExcerpt.Quote(line)} is not a row of {HsicTrajectory.CsvHeader}.");
    }
}
