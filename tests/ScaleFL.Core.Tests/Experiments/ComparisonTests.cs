using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class ComparisonTests
{
    private static RunResult Run(params (double Accuracy, int[] Participants)[] rounds) =>
        Staged([.. rounds.Select(round => (0, round.Accuracy, round.Participants))]);

    private static RunResult Staged(params (int Stage, double Accuracy, int[] Participants)[] rounds) => new(
        [.. rounds.Select((round, i) => new RoundMetrics(i + 1, round.Stage, round.Accuracy, 1.0, 1.0, 5, 3, round.Participants.Length, 0, 1, 1, 1, 1000, 500)
        {
            Participants = round.Participants,
        })],
        WeightSet.Empty,
        new EvaluationResult(0.62, 0.9, 100));

    [Fact]
    public void Best_and_last_five_mean_count_only_the_last_stage_rounds()
    {
        // Block 0 reaches 0.9 on its own head; only the last stage's rounds are the full network.
        var result = Staged(
            (0, 0.90, [0]), (0, 0.92, [0]),
            (1, 0.30, [1]), (1, 0.40, [1]), (1, 0.50, [1]), (1, 0.70, [1]), (1, 0.60, [1]), (1, 0.55, [1]), (1, 0.65, [1]));

        var row = ComparisonRow.From("sbt", result, clientCount: 4, targetAccuracy: 0.95, peakMemoryBytes: 0, wallSeconds: 1);

        Assert.Equal(0.70, row.BestAccuracy);
        Assert.Equal((0.50 + 0.70 + 0.60 + 0.55 + 0.65) / 5, row.LastRoundsMean, 12);
    }

    [Fact]
    public void Last_rounds_mean_of_a_stage_shorter_than_the_window_averages_what_there_is()
    {
        var row = ComparisonRow.From("fedavg-all", Run((0.2, [0]), (0.4, [0])), 4, 0.9, 0, 1);

        Assert.Equal(0.3, row.LastRoundsMean, 12);
    }

    [Fact]
    public void Row_counts_first_round_at_target_distinct_participants_and_traffic()
    {
        var result = Run((0.40, [0, 1]), (0.71, [1, 2]), (0.65, [2]));

        var row = ComparisonRow.From("scalefl", result, clientCount: 8, targetAccuracy: 0.7, peakMemoryBytes: 3 << 20, wallSeconds: 12);

        Assert.Equal(0.62, row.FinalAccuracy);
        Assert.Equal(0.71, row.BestAccuracy);
        Assert.Equal(2, row.RoundsToTarget);
        Assert.Equal(3 / 8.0, row.ParticipationShare);
        Assert.Equal(4500, row.BytesMoved);
        Assert.Equal(3, row.Rounds);
    }

    [Fact]
    public void Target_never_reached_is_null_and_shown_as_not_in_the_rounds_run()
    {
        var row = ComparisonRow.From("sbt", Run((0.2, [0])), 4, 0.9, 0, 1);

        Assert.Null(row.RoundsToTarget);
        Assert.Contains("not in 1", ComparisonReport.Cells(row));
    }

    [Fact]
    public void Markdown_and_csv_have_a_line_per_method_with_human_and_machine_units()
    {
        var rows = new[]
        {
            ComparisonRow.From("scalefl", Run((0.75, [0, 1])), 4, 0.7, 3 << 20, 10),
            ComparisonRow.From("fedavg-all", Run((0.5, [0, 1, 2, 3])), 4, 0.7, 6 << 20, 20),
        };

        var markdown = ComparisonReport.ToMarkdown(rows, 0.7, "test");
        var csv = ComparisonReport.ToCsv(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("| scalefl | 62.00% | 75.00% | 75.00% | 1 | 50% | 3.0 | 0.0 | 10 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| method | final acc | best acc | mean last 5 | rounds to 70% |", markdown, StringComparison.Ordinal);
        Assert.Equal(ComparisonReport.CsvHeader, csv[0]);
        Assert.Equal("fedavg-all,0.62,0.5,0.5,,1,6,0.0015,20,1", csv[2]);
    }
}
