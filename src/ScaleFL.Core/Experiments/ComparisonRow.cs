using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>One method's line in a comparison (<c>compare.md</c>, <c>compare.csv</c>).</summary>
/// <param name="Method">The method's catalog name.</param>
/// <param name="FinalAccuracy">The full network on the whole test set after the run.</param>
/// <param name="BestAccuracy">
/// Best per-round accuracy among the rounds of the last stage trained (the full network for every
/// method that reached its last stage); earlier stages' heads are not the model a user gets.
/// </param>
/// <param name="LastRoundsMean">
/// Mean per-round accuracy of the last <see cref="LastRoundsWindow"/> rounds of the last stage
/// (fewer when the stage had fewer): a figure that does not swing with one round, as the final one
/// does under strong non-IID skew.
/// </param>
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
    double LastRoundsMean,
    int? RoundsToTarget,
    double ParticipationShare,
    long PeakMemoryBytes,
    long BytesMoved,
    double WallSeconds,
    int Rounds)
{
    /// <summary>How many of the last stage's final rounds <see cref="LastRoundsMean"/> averages.</summary>
    public const int LastRoundsWindow = 5;

    /// <summary>The row of <paramref name="result"/> among <paramref name="clientCount"/> clients.</summary>
    public static ComparisonRow From(
        string method, RunResult result, int clientCount, double targetAccuracy, long peakMemoryBytes, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1);
        var rounds = result.Rounds;
        var reached = rounds.FirstOrDefault(round => round.Accuracy >= targetAccuracy);
        var participants = rounds.SelectMany(round => round.Participants).Distinct().Count();
        var (best, lastMean) = LastStage(rounds);
        return new ComparisonRow(
            method,
            result.FinalEvaluation.Accuracy,
            best,
            lastMean,
            reached?.Round,
            (double)participants / clientCount,
            peakMemoryBytes,
            rounds.Sum(round => round.BytesDown + round.BytesUp),
            wallSeconds,
            rounds.Count);
    }

    /// <summary>
    /// The best per-round accuracy of the last stage trained and the mean of its last
    /// <see cref="LastRoundsWindow"/> rounds; both 0 without rounds.
    /// </summary>
    public static (double Best, double LastRoundsMean) LastStage(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return (0, 0);
        }

        var lastStage = rounds.Max(round => round.Stage);
        var accuracies = rounds.Where(round => round.Stage == lastStage).Select(round => round.Accuracy).ToList();
        return (accuracies.Max(), accuracies.TakeLast(LastRoundsWindow).Average());
    }
}
