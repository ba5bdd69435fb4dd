using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>The nHSIC-plane trajectories of a run, from its rounds, and their <c>hsic.csv</c>.</summary>
public static class HsicFile
{
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

        var path = Path.Combine(folder, "hsic.csv");
        Files.AtomicFile.WriteAllText(path, trajectory.ToCsv());
        return path;
    }
}
