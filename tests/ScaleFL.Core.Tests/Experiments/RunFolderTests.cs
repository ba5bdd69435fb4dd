using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Files;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class RunFolderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-runfolder-").FullName;

    [Fact]
    public void Metrics_rows_are_never_rewritten_in_place_so_a_failed_write_keeps_the_earlier_rounds()
    {
        RunFolder.AppendRound(directory, Round(1));
        RunFolder.AppendRound(directory, Round(2));
        var metrics = Path.Combine(directory, "metrics.csv");
        var before = File.ReadAllText(metrics);
        // The temporary file's name taken by a folder: the write fails as a kill or a full disk would.
        Directory.CreateDirectory(AtomicFile.TemporaryPathOf(metrics));

        Assert.Throws<OutputWriteException>(() => RunFolder.AppendRound(directory, Round(3)));

        Assert.Equal(before, File.ReadAllText(metrics));
        Assert.Equal(3, File.ReadAllLines(metrics).Length);
    }

    [Fact]
    public void A_round_written_again_after_a_resume_replaces_the_rows_from_it_on()
    {
        RunFolder.AppendRound(directory, Round(1));
        RunFolder.AppendRound(directory, Round(2));
        RunFolder.AppendRound(directory, Round(3));

        RunFolder.AppendRound(directory, Round(2) with { Accuracy = 0.9 });

        var rows = File.ReadAllLines(Path.Combine(directory, "metrics.csv")).Skip(1).ToList();
        Assert.Equal(["1", "2"], rows.Select(row => row.Split(',')[0]));
        Assert.Equal("0.9", rows[1].Split(',')[2]);
    }

    [Fact]
    public void Faults_of_a_written_run_read_back_as_its_report()
    {
        var options = new ExperimentOptions { OutputDirectory = directory, Dataset = "synthetic" };
        var faults = FaultReport.Of(
        [
            new FaultEvent(2, 1, FaultKind.Delay, "task held 0.3 s"),
            new FaultEvent(1, 0, FaultKind.Crash, "crashed before training, at once"),
        ]);
        using var locks = RunFolder.Prepare([RunFolder.PathOf(options, "sbt")]);
        var folder = RunFolder.Write(options, "sbt", new RunResult([Round(1), Round(2)], WeightSet.Empty, new EvaluationResult(0.5, 1, 10)) { Faults = faults }, 1);

        Assert.Equal(faults.Events, RunFolder.ReadFaults(folder).Events);
        Assert.Empty(RunFolder.ReadFaults(directory).Events);
    }

    [Fact]
    public void Faults_recorded_per_round_survive_a_stop_and_a_resumed_run_keeps_the_earlier_rounds_in_its_file_and_summary()
    {
        var options = new ExperimentOptions { OutputDirectory = directory, Dataset = "synthetic" };
        var folder = RunFolder.PathOf(options, "sbt");
        using var locks = RunFolder.Prepare([folder]);
        var round1 = new FaultEvent(1, 0, FaultKind.Duplicate, "update sent twice");
        var round2 = new FaultEvent(2, 1, FaultKind.Delay, "task held 0.3 s");
        var round3Lost = new FaultEvent(3, 1, FaultKind.Delay, "task held 0.3 s, round not checkpointed");
        RunFolder.RecordFaults(folder, 1, FaultReport.Of([round1]));
        RunFolder.RecordFaults(folder, 1, FaultReport.Of([round1, round2, round3Lost]));
        // The first process stopped in round 3 after its checkpoint of round 2; the second redoes round 3.
        var round3 = new FaultEvent(3, 0, FaultKind.Drop, "task lost");
        var round4 = new FaultEvent(4, 0, FaultKind.Duplicate, "update sent twice");
        RunFolder.RecordFaults(folder, 3, FaultReport.Of([round3]));
        RunFolder.Write(options, "sbt", new RunResult([Round(3), Round(4)], WeightSet.Empty, new EvaluationResult(0.5, 1, 10)) { Faults = FaultReport.Of([round3, round4]) }, 1);

        Assert.Equal([round1, round2, round3, round4], RunFolder.ReadFaults(folder).Events);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("faults").GetProperty("duplicate").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("faults").GetProperty("delay").GetInt32());
    }

    [Fact]
    public void A_faults_row_it_did_not_write_is_refused_naming_the_row()
    {
        File.WriteAllText(Path.Combine(directory, "faults.csv"), "round,client,kind,detail\n1,0,explode,\"boom\"\n");

        var error = Assert.Throws<InvalidDataException>(() => RunFolder.ReadFaults(directory));

        Assert.Contains("'1,0,explode,\"boom\"' is not a row", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static RoundMetrics Round(int round) => new(round, 0, 0.5, 1.0, 1.0, 2, 2, 2, 0, 1.0, 1.0, 1.0, 100, 100);
}
