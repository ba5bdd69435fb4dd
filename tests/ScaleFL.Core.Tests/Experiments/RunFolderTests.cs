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

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_diverged_run_s_non_finite_test_loss_is_written_and_read_back(double loss)
    {
        var options = new ExperimentOptions { OutputDirectory = directory, Dataset = "synthetic" };
        using var locks = RunFolder.Prepare([RunFolder.PathOf(options, "sbt")]);

        var folder = RunFolder.Write(options, "sbt", new RunResult([Round(1)], WeightSet.Empty, new EvaluationResult(0.1, loss, 10)), 1);

        Assert.Equal(new SummaryFile(0.1, loss, 1, 1), SummaryFile.Read(folder) with { WallSeconds = 1 });
        Assert.True(File.Exists(RunFolder.FinalCheckpointPathOf(options, "sbt")));
    }

    [Fact]
    public void A_summary_without_a_field_it_needs_is_refused_naming_the_field()
    {
        File.WriteAllText(Path.Combine(directory, SummaryFile.Name), "{\"finalAccuracy\": 0.5, \"finalTestLoss\": 1, \"wallSeconds\": 3}");

        var error = Assert.Throws<InvalidDataException>(() => SummaryFile.Read(directory));

        Assert.Contains("(it has no field 'rounds')", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("4,0,crash,\"x\"\n", "begins with '4,0,crash,\"x\"'")]
    public void A_faults_csv_without_its_header_is_refused_not_read_as_no_fault(string content, string said)
    {
        File.WriteAllText(Path.Combine(directory, "faults.csv"), content);

        var error = Assert.Throws<InvalidDataException>(() => RunFolder.ReadFaults(directory));

        Assert.Equal($"{Path.Combine(directory, "faults.csv")}: {said}, not the header round,client,kind,detail; restore it, or run it again under another --name.", error.Message);
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
    public void A_folder_prepared_for_a_run_that_wrote_nothing_is_removed_when_the_run_ends()
    {
        // A run refused after its folders were locked (an earlier run in another method's folder) leaves no trace.
        // A sweep's method folder sits in a folder per point, which no one names to Prepare.
        var runFolder = Path.Combine(directory, "sweep-x");
        var methodFolder = Path.Combine(runFolder, "point-1", "sbt");

        RunFolder.Prepare([methodFolder], runFolder).Dispose();

        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Folders_made_for_a_run_refused_by_another_process_lock_are_removed()
    {
        var busy = Directory.CreateDirectory(Path.Combine(directory, "busy", "sbt")).FullName;
        using var other = RunLock.Acquire(busy);
        var fresh = Path.Combine(directory, "busy", "fedavg-all");

        Assert.Throws<ExperimentException>(() => RunFolder.Prepare([fresh, busy]));

        Assert.False(Directory.Exists(fresh));
        Assert.True(Directory.Exists(busy));
    }

    [Fact]
    public void A_prepared_folder_that_holds_a_file_of_the_run_stays_and_so_does_a_folder_that_was_there_before()
    {
        var written = Path.Combine(directory, "new", "sbt");
        var existing = Directory.CreateDirectory(Path.Combine(directory, "old", "sbt")).FullName;

        using (RunFolder.Prepare([written, existing]))
        {
            RunFolder.AppendRound(written, Round(1));
        }

        Assert.True(File.Exists(Path.Combine(written, "metrics.csv")));
        Assert.True(Directory.Exists(existing));
    }

    [Fact]
    public void A_damaged_faults_row_is_refused_when_a_resumed_run_records_its_faults_not_dropped()
    {
        var path = Path.Combine(directory, "faults.csv");
        var damaged = "round,client,kind,detail\n1,0,drop,\"task lost\"\nthis is not a row\n";
        File.WriteAllText(path, damaged);

        var error = Assert.Throws<InvalidDataException>(() => RunFolder.RecordFaults(directory, 3, FaultReport.Empty));

        Assert.Contains("'this is not a row'", error.Message, StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("checkpoint.ckpt")]
    [InlineData("final.ckpt")]
    [InlineData("metrics.csv")]
    [InlineData("summary.json")]
    [InlineData("faults.csv")]
    [InlineData("hsic.csv")]
    [InlineData("devices.csv")]
    public void A_directory_where_the_run_writes_a_file_is_refused_before_the_run_starts(string file)
    {
        var blocked = Directory.CreateDirectory(Path.Combine(directory, file)).FullName;

        var error = Assert.Throws<ExperimentException>(() => RunFolder.CheckWritable(directory));

        Assert.Equal($"out: '{blocked}' is a directory where the run writes its {file}; nothing changed: move it away.", error.Message);
    }

    [Theory]
    [InlineData("summary.json")]
    [InlineData("metrics.csv")]
    [InlineData("devices.csv")]
    public void A_results_file_that_is_not_a_regular_file_is_refused_before_a_resume_reads_it(string file)
    {
        var path = Path.Combine(directory, file);
        File.CreateSymbolicLink(path, Path.Combine(directory, "gone"));

        var error = Assert.Throws<InvalidDataException>(() => RunFolder.CheckReadable(directory));

        Assert.Equal($"Run file '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void Files_and_links_where_the_run_writes_are_no_obstacle()
    {
        File.WriteAllText(Path.Combine(directory, "metrics.csv"), "x");
        File.CreateSymbolicLink(Path.Combine(directory, "final.ckpt"), directory);

        RunFolder.CheckWritable(directory);
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
