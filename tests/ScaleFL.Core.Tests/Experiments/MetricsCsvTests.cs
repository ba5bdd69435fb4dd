using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class MetricsCsvTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("scalefl-metrics-csv-").FullName;

    private static RoundMetrics Round(int round, int[] participants, double? loss = 0.75, int rejected = 0) =>
        new RoundMetrics(round, Stage: 2, Accuracy: 0.4375, loss, TestLoss: 1.5, Eligible: 33, Selected: 10, Completed: participants.Length,
            Dropped: 1, TrainSeconds: 12.5, SimulatedSeconds: 3.25, WallSeconds: 20.125, BytesDown: 9_397_520, BytesUp: 4_000_000, Late: 2)
        {
            Participants = participants,
            Rejected = rejected > 0 ? [new RejectionCount("norm", rejected)] : [],
        };

    [Fact]
    public void A_row_reads_back_as_the_round_it_was_written_from_with_its_participants()
    {
        var written = Round(7, [3, 17, 42]);

        var read = MetricsCsv.Parse(MetricsCsv.Row(written), "metrics.csv");

        Assert.Equal(written, read);
        Assert.Equal([3, 17, 42], read.Participants);
        Assert.EndsWith(",3 17 42", MetricsCsv.Row(written), StringComparison.Ordinal);
    }

    [Fact]
    public void A_round_without_loss_or_participants_and_with_rejections_keeps_the_count_but_not_the_reason()
    {
        var read = MetricsCsv.Parse(MetricsCsv.Row(Round(1, [], loss: null, rejected: 3)), "metrics.csv");

        Assert.Null(read.Loss);
        Assert.Empty(read.Participants);
        Assert.Equal(3, read.RejectedCount);
        Assert.Equal(MetricsCsv.UnrecordedReason, Assert.Single(read.Rejected).Reason);
    }

    [Fact]
    public void A_file_of_the_format_before_participants_reads_with_none_recorded()
    {
        var path = Path.Combine(folder, "metrics.csv");
        var header = MetricsCsv.Header[..MetricsCsv.Header.LastIndexOf(',')];
        var row = MetricsCsv.Row(Round(1, [5]));
        File.WriteAllLines(path, [header, row[..row.LastIndexOf(',')]]);

        var read = Assert.Single(MetricsCsv.Read(path));

        Assert.Equal(1, read.Round);
        Assert.Empty(read.Participants);
    }

    [Theory]
    [InlineData("1,2,0.5")]
    [InlineData("1,2,half,0.7,1.5,33,10,2,1,2,9397520,4000000,12.5,3.25,20.125,0,3 17")]
    [InlineData("1,2,0.5,0.7,1.5,33,10,2,1,2,9397520,4000000,12.5,3.25,20.125,0,3 x")]
    public void A_row_it_did_not_write_is_refused_naming_the_file_and_the_row(string row)
    {
        var error = Assert.Throws<InvalidDataException>(() => MetricsCsv.Parse(row, "/runs/a/metrics.csv"));

        Assert.StartsWith($"/runs/a/metrics.csv: row '{row}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_another_header_is_refused()
    {
        var path = Path.Combine(folder, "metrics.csv");
        File.WriteAllLines(path, ["round,accuracy", "1,0.5"]);

        var error = Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(path));

        Assert.Contains("not the metrics header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_history_gives_the_rounds_up_to_the_checkpoint_with_their_nhsic_points()
    {
        var rounds = Enumerable.Range(1, 3).Select(round => Round(round, [round]) with
        {
            HsicPoints = [new HsicPlanePoint(0, 0.25 * round, 0.5), new HsicPlanePoint(1, 0.125, 0.0625 * round)],
        }).ToList();
        foreach (var round in rounds)
        {
            RunFolder.AppendRound(folder, round);
        }

        HsicFile.Write(folder, rounds);

        // A killed process may have written round 3 after its last checkpoint (round 2).
        var read = RunHistory.Rounds(folder, throughRound: 2, hsicRecorded: true);

        Assert.Equal(rounds.Take(2).Select(round => round.Round), read.Select(round => round.Round));
        Assert.Equal(rounds[1].HsicPoints, read[1].HsicPoints);
        Assert.Equal([2], read[1].Participants);
    }

    [Fact]
    public void Run_history_refuses_a_gap_or_rounds_without_participants_rather_than_recount_wrong_figures()
    {
        RunFolder.AppendRound(folder, Round(1, [1]));
        RunFolder.AppendRound(folder, Round(2, []) with { Completed = 2 });

        var gap = Assert.Throws<InvalidDataException>(() => RunHistory.Rounds(folder, throughRound: 3, hsicRecorded: false));
        var unrecorded = Assert.Throws<InvalidDataException>(() => RunHistory.Rounds(folder, throughRound: 2, hsicRecorded: false));

        Assert.Contains("holds rounds 1,2, but the checkpoint is after round 3", gap.Message, StringComparison.Ordinal);
        Assert.Contains("round 2 has no participants column", unrecorded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_history_of_a_run_that_recorded_the_nhsic_plane_refuses_a_missing_hsic_csv_or_a_round_it_lacks()
    {
        var rounds = Enumerable.Range(1, 2).Select(round => Round(round, [round]) with { HsicPoints = [new HsicPlanePoint(0, 0.5, 0.25)] }).ToList();
        foreach (var round in rounds)
        {
            RunFolder.AppendRound(folder, round);
        }

        var missing = Assert.Throws<InvalidDataException>(() => RunHistory.Rounds(folder, throughRound: 2, hsicRecorded: true));
        HsicFile.Write(folder, rounds.Take(1));
        var gap = Assert.Throws<InvalidDataException>(() => RunHistory.Rounds(folder, throughRound: 2, hsicRecorded: true));

        Assert.StartsWith(Path.Combine(folder, "hsic.csv") + ": missing, but the run recorded the nHSIC plane through round 2", missing.Message, StringComparison.Ordinal);
        Assert.Contains("hsic.csv: has no points of round 2", gap.Message, StringComparison.Ordinal);
        // A run that did not record the plane has no hsic.csv to read.
        Assert.Equal(2, RunHistory.Rounds(folder, throughRound: 2, hsicRecorded: false).Count);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
