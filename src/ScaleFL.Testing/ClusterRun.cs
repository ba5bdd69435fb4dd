using System.Globalization;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;

namespace ScaleFL.Testing;

/// <summary>
/// One row of the server's <c>metrics.csv</c>: a completed round, with the client counts the
/// server recorded (column names in <see cref="MetricsCsv.Header"/>).
/// </summary>
/// <param name="Round">The round, 1-based.</param>
/// <param name="Stage">The stage trained and evaluated.</param>
/// <param name="Accuracy">Accuracy of the stage's exit on the evaluation samples, 0 to 1.</param>
/// <param name="Eligible">Registered clients whose memory fits the stage.</param>
/// <param name="Selected">Clients asked.</param>
/// <param name="Completed">Updates aggregated.</param>
/// <param name="Dropped">Selected clients that never answered (crashed, cut off, lost messages).</param>
/// <param name="Late">Updates (or started trainings) that missed the deadline.</param>
/// <param name="Cells">Every column of the row by its header name, as written.</param>
public sealed record RoundRow(int Round, int Stage, double Accuracy, int Eligible, int Selected, int Completed, int Dropped, int Late, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The rows of <c>metrics.csv</c> in <paramref name="runFolder"/>; none while it is missing or being replaced.</summary>
    public static IReadOnlyList<RoundRow> Read(string runFolder)
    {
        string[] text;
        try
        {
            text = File.ReadAllLines(Path.Combine(runFolder, "metrics.csv"));
        }
        catch (IOException)
        {
            return [];
        }

        var header = MetricsCsv.Header.Split(',');
        return [.. text.Skip(1).Where(row => row.Length > 0).Select(row =>
        {
            var cells = header.Zip(row.Split(',')).ToDictionary(pair => pair.First, pair => pair.Second);
            int Count(string name) => int.Parse(cells[name], CultureInfo.InvariantCulture);
            return new RoundRow(
                Count("round"), Count("stage"), double.Parse(cells["accuracy"], CultureInfo.InvariantCulture),
                Count("eligible"), Count("selected"), Count("completed"), Count("dropped"), Count("late"), cells);
        })];
    }
}

/// <summary>How a <see cref="LoopbackCluster"/> run ended.</summary>
/// <param name="ServerExitCode">0 when the server finished every round and wrote its run folder.</param>
/// <param name="ClientExitCodes">Each client process's exit code by client id (0: the server said the run finished).</param>
/// <param name="Rounds">The rounds of the server's <c>metrics.csv</c>.</param>
/// <param name="Faults">The server's <c>faults.csv</c>: every fault the clients injected and reported.</param>
public sealed record ClusterRun(int ServerExitCode, IReadOnlyList<int> ClientExitCodes, IReadOnlyList<RoundRow> Rounds, FaultReport Faults)
{
    /// <summary>True when the server and every client exited 0.</summary>
    public bool Finished => ServerExitCode == 0 && ClientExitCodes.All(code => code == 0);
}
