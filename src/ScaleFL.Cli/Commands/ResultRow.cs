using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Cli.Commands;

/// <summary>One method's line in the results table.</summary>
internal sealed record ResultRow(
    string Method, double FinalAccuracy, double BestAccuracy, double LastRoundsMean, double MeanEligible, int Rounds,
    long BytesMoved, double WallSeconds, string Folder)
{
    public static ResultRow From(string method, RunResult result, double wallSeconds, string folder)
    {
        var (best, lastMean) = ComparisonRow.LastStage(result.Rounds);
        return new(
            method,
            result.FinalEvaluation.Accuracy,
            best,
            lastMean,
            result.Rounds.Count > 0 ? result.Rounds.Average(r => r.Eligible) : 0,
            result.Rounds.Count,
            result.Rounds.Sum(r => r.BytesDown + r.BytesUp),
            wallSeconds,
            folder);
    }
}
