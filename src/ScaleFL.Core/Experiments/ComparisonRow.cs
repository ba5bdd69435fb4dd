using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>One method's line in a comparison (<c>compare.md</c>, <c>compare.csv</c>).</summary>
/// <param name="Method">The method's catalog name.</param>
/// <param name="FinalAccuracy">The full network on the whole test set after the run.</param>
/// <param name="BestAccuracy">Best per-round accuracy (of the stage each round trained).</param>
/// <param name="RoundsToTarget">First round whose accuracy reached the target; null when none did.</param>
/// <param name="ParticipationShare">Share of all clients that completed at least one round, 0..1.</param>
/// <param name="PeakMemoryBytes">Largest training footprint a client needed among the stages the method trained.</param>
/// <param name="BytesMoved">Weight bytes sent to and returned by clients over the run.</param>
/// <param name="WallSeconds">Measured time of the run.</param>
/// <param name="Rounds">Rounds run.</param>
public sealed record ComparisonRow(
    string Method,
    double FinalAccuracy,
    double BestAccuracy,
    int? RoundsToTarget,
    double ParticipationShare,
    long PeakMemoryBytes,
    long BytesMoved,
    double WallSeconds,
    int Rounds)
{
    /// <summary>The row of <paramref name="result"/> among <paramref name="clientCount"/> clients.</summary>
    public static ComparisonRow From(
        string method, RunResult result, int clientCount, double targetAccuracy, long peakMemoryBytes, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1);
        var rounds = result.Rounds;
        var reached = rounds.FirstOrDefault(round => round.Accuracy >= targetAccuracy);
        var participants = rounds.SelectMany(round => round.Participants).Distinct().Count();
        return new ComparisonRow(
            method,
            result.FinalEvaluation.Accuracy,
            rounds.Count > 0 ? rounds.Max(round => round.Accuracy) : 0,
            reached?.Round,
            (double)participants / clientCount,
            peakMemoryBytes,
            rounds.Sum(round => round.BytesDown + round.BytesUp),
            wallSeconds,
            rounds.Count);
    }
}
