using ScaleFL.Core.Checkpoints;

namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ResumeCommandTests(FinishedRuns finished) : IClassFixture<FinishedRuns>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-resume-cli-").FullName;

    private string Folder => Path.Combine(directory, "resume", "sbt");

    [Theory]
    [InlineData("inline")]
    [InlineData("actors")]
    public void Resume_after_a_truncated_latest_checkpoint_uses_the_previous_one_and_ends_with_the_same_weights(string engine)
    {
        var first = Finished(engine);
        Assert.True(first.Exit == 0, first.Error);
        var uninterrupted = CheckpointFile.Load(Path.Combine(Folder, "final.ckpt"));
        var latest = Path.Combine(Folder, "checkpoint.ckpt");
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length / 3)]);
        // A run stopped before it wrote its results (a finished one is never trained again, whichever checkpoint loads).
        File.Delete(Path.Combine(Folder, "summary.json"));
        File.Delete(Path.Combine(Folder, "final.ckpt"));

        var resumed = Simulate(engine, "--resume");

        Assert.True(resumed.Exit == 0, resumed.Error);
        // Said even with --quiet: a resumed run is told from a fresh one.
        Assert.StartsWith("sbt: resuming after round 2 from ", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("checkpoint.prev.ckpt", resumed.Error, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(Folder, "metrics.csv")).Skip(1).Select(row => row.Split(',')[0]);
        Assert.Equal(["1", "2", "3"], rows);
        var final = CheckpointFile.Load(Path.Combine(Folder, "final.ckpt"));
        Assert.All(uninterrupted.Weights, array => Assert.Equal(array.Values, final.Weights[array.Name].Values));
    }

    [Fact]
    public void Resume_from_a_checkpoint_of_another_method_exits_with_2_and_one_line()
    {
        Assert.Equal(0, Finished("inline").Exit);
        File.Copy(Path.Combine(Folder, "checkpoint.ckpt"), Path.Combine(directory, "resume", "fedavg-all", "checkpoint.ckpt"), overwrite: true);

        var (exit, _, error) = CliRun.Invoke(
            "simulate", "--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "3", "--max-train", "200",
            "--eval-samples", "50", "--method", "fedavg-all", "--name", "resume", "--out", directory, "--engine", "inline", "--resume", "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: resume:", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Resume_with_a_changed_experiment_is_refused_naming_each_changed_field()
    {
        Assert.Equal(0, Finished("inline").Exit);

        var (exit, _, error) = Simulate("inline", "--resume", "--seed", "43", "--lr", "0.05", "--clients", "5");

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("scalefl: resume:", error, StringComparison.Ordinal);
        Assert.Contains("clients: 4 -> 5; learningRate: 0.01 -> 0.05; seed: 42 -> 43", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_run_into_the_folder_of_a_finished_run_is_refused_in_one_line_and_changes_no_file()
    {
        Assert.Equal(0, Finished("inline").Exit);
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"scalefl: out: {Folder} holds a finished run (summary.json, final.ckpt); nothing changed: start this run under another --name, or delete the folder to run it again.", error.Trim());
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_new_run_into_the_folder_of_a_stopped_run_is_refused_pointing_at_resume()
    {
        Assert.Equal(0, Finished("inline").Exit);
        File.Delete(Path.Combine(Folder, "summary.json"));
        File.Delete(Path.Combine(Folder, "final.ckpt"));
        var before = Snapshot();

        var (exit, _, error) = Simulate("inline");

        Assert.Equal(2, exit);
        Assert.StartsWith($"scalefl: out: {Folder} holds a stopped run (checkpoint.ckpt, checkpoint.prev.ckpt, metrics.csv); nothing changed: continue it with --resume,", error.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Resume_of_a_finished_run_says_so_and_changes_no_file()
    {
        Assert.Equal(0, Finished("inline").Exit);
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains("already complete (3 rounds); nothing changed", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Resume_of_a_finished_run_without_its_checkpoint_changes_nothing()
    {
        Assert.Equal(0, Finished("inline").Exit);
        File.Delete(Path.Combine(Folder, "checkpoint.ckpt"));
        var before = Snapshot();

        // The previous checkpoint (round 2) loads, but the folder's run is finished: nothing trains again.
        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.True(exit == 0, error);
        Assert.Equal($"sbt: the run in {Folder} is already complete (3 rounds); nothing changed.", output.Trim());
        Assert.Equal(string.Empty, error);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Resume_of_a_finished_cyclic_run_without_its_checkpoint_does_not_offer_more_rounds()
    {
        Assert.Equal(0, Finished("inline", "--schedule", "cyclic").Exit);
        File.Delete(Path.Combine(Folder, "checkpoint.ckpt"));

        var (exit, output, error) = Simulate("inline", "--schedule", "cyclic", "--resume");

        // More rounds would need the lost checkpoint, and are refused: not offered.
        Assert.True(exit == 0, error);
        Assert.Equal($"sbt: the run in {Folder} is already complete (3 rounds); nothing changed.", output.Trim());
    }

    [Theory]
    [InlineData("final.ckpt deleted too", "sequential", "3", "cannot be rebuilt")]
    [InlineData("more cyclic rounds", "cyclic", "4", "would train round 3 of the finished run again")]
    [InlineData("the previous checkpoint deleted too", "sequential", "3", "holds a finished run but no checkpoint")]
    public void Resume_of_a_finished_run_without_its_checkpoint_that_would_need_it_is_refused_in_one_line(string damage, string schedule, string rounds, string says)
    {
        Assert.Equal(0, Finished("inline", "--schedule", schedule).Exit);
        File.Delete(Path.Combine(Folder, "checkpoint.ckpt"));
        if (damage == "final.ckpt deleted too")
        {
            File.Delete(Path.Combine(Folder, "final.ckpt"));
        }

        if (damage == "the previous checkpoint deleted too")
        {
            File.Delete(Path.Combine(Folder, "checkpoint.prev.ckpt"));
        }

        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--schedule", schedule, "--rounds", rounds, "--resume");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("scalefl: resume: ", line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Server_resume_of_a_finished_run_says_so_at_once_instead_of_waiting_for_devices()
    {
        Assert.Equal(0, Finished("actors").Exit);
        var before = Snapshot();
        // The same experiment as a server (which runs the actors and takes no --engine flag).
        string[] server = ["server", .. SimulateArgs(directory, "actors", "--resume").Skip(1).Where(arg => arg is not "--engine" and not "actors"), "--port", "0", "--client-wait", "600"];

        var (exit, output, error) = CliRun.Invoke(server);

        Assert.True(exit == 0, error);
        Assert.Contains("already complete (3 rounds); nothing changed", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Server_resume_of_a_finished_run_whose_final_checkpoint_is_lost_rebuilds_it_without_waiting_for_devices()
    {
        Assert.Equal(0, Finished("actors").Exit);
        File.Delete(Path.Combine(Folder, "final.ckpt"));
        var before = Snapshot();
        // No device joins; a server that waited for one would give up after a second with exit 1.
        string[] server = ["server", .. SimulateArgs(directory, "actors", "--resume").Skip(1).Where(arg => arg is not "--engine" and not "actors"), "--port", "0", "--client-wait", "1"];

        var (exit, output, error) = CliRun.Invoke(server);

        Assert.True(exit == 0, error);
        Assert.Contains("rebuilt from", error, StringComparison.Ordinal);
        Assert.Equal($"sbt: the run in {Folder} is already complete (3 rounds); final.ckpt rebuilt, nothing else changed.", output.Trim());
        Assert.Equal(before, Snapshot().Where(file => file.Key != "final.ckpt"));
        Assert.True(File.Exists(Path.Combine(Folder, "final.ckpt")));
    }

    [Fact]
    public void Server_resume_of_a_run_stopped_after_its_last_round_finishes_it_without_waiting_for_devices()
    {
        Assert.Equal(0, Finished("actors").Exit);
        var summary = File.ReadAllText(Path.Combine(Folder, "summary.json"));
        File.Delete(Path.Combine(Folder, "summary.json"));
        File.Delete(Path.Combine(Folder, "final.ckpt"));
        string[] server = ["server", .. SimulateArgs(directory, "actors", "--resume").Skip(1).Where(arg => arg is not "--engine" and not "actors"), "--port", "0", "--client-wait", "1"];

        var (exit, output, error) = CliRun.Invoke(server);

        Assert.True(exit == 0, error);
        Assert.Contains("every round is done; the final evaluation follows.", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, "final.ckpt")));
        Assert.Equal(FinalAccuracy(summary), FinalAccuracy(File.ReadAllText(Path.Combine(Folder, "summary.json"))));
    }

    private static double FinalAccuracy(string summary)
    {
        using var json = System.Text.Json.JsonDocument.Parse(summary);
        return json.RootElement.GetProperty("finalAccuracy").GetDouble();
    }

    [Fact]
    public void Summary_of_a_resumed_run_totals_rounds_and_bytes_over_the_whole_run()
    {
        Assert.Equal(0, Finished("inline", "--schedule", "cyclic").Exit);

        // More rounds continue a cyclic run (a sequential one is refused: its blocks would move).
        var (exit, output, error) = Simulate("inline", "--schedule", "cyclic", "--resume", "--rounds", "4");

        Assert.True(exit == 0, error);
        var rows = File.ReadAllLines(Path.Combine(Folder, "metrics.csv")).Skip(1).Select(row => row.Split(',')).ToList();
        Assert.Equal(["1", "2", "3", "4"], rows.Select(row => row[0]));
        // The results table too counts the whole run's rounds and megabytes, not only this process's.
        var table = output.Split('\n').Single(line => line.StartsWith("| sbt", StringComparison.Ordinal)).Split('|').Select(cell => cell.Trim()).ToList();
        var moved = rows.Sum(row => long.Parse(row[10], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(row[11], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("4", (moved / 1e6).ToString("F1", System.Globalization.CultureInfo.CurrentCulture)), (table[6], table[7]));
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
        Assert.Equal(4, summary.RootElement.GetProperty("rounds").GetInt32());
        Assert.Equal(rows.Sum(row => long.Parse(row[10], System.Globalization.CultureInfo.InvariantCulture)), summary.RootElement.GetProperty("bytesDown").GetInt64());
        Assert.Equal(rows.Sum(row => long.Parse(row[11], System.Globalization.CultureInfo.InvariantCulture)), summary.RootElement.GetProperty("bytesUp").GetInt64());
        Assert.Equal(4, CheckpointFile.Load(Path.Combine(Folder, "final.ckpt")).Round);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("deleted")]
    public void Resume_of_a_finished_run_whose_final_checkpoint_is_lost_rebuilds_it_only_when_the_result_is_reproduced(string damage)
    {
        Assert.Equal(0, Finished("inline").Exit);
        var final = Path.Combine(Folder, "final.ckpt");
        var original = CheckpointFile.Load(final);
        if (damage == "truncated")
        {
            File.WriteAllBytes(final, File.ReadAllBytes(final)[..100]);
        }
        else
        {
            File.Delete(final);
        }

        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.True(exit == 0, error);
        var notice = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(final, notice, StringComparison.Ordinal);
        Assert.Contains("rebuilt from", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Finished", output, StringComparison.Ordinal);
        Assert.Equal($"sbt: the run in {Folder} is already complete (3 rounds); final.ckpt rebuilt, nothing else changed.", output.Trim());
        // The finished run's results stay to the byte; only final.ckpt is written again, with the same weights.
        Assert.Equal(before.Where(file => file.Key != "final.ckpt"), Snapshot().Where(file => file.Key != "final.ckpt"));
        var rebuilt = CheckpointFile.Load(final);
        Assert.Equal(original.Round, rebuilt.Round);
        Assert.All(original.Weights, array => Assert.Equal(array.Values, rebuilt.Weights[array.Name].Values));
    }

    [Fact]
    public void Resume_of_a_finished_run_whose_final_checkpoint_is_lost_and_not_reproduced_is_refused_leaving_the_files()
    {
        Assert.Equal(0, Finished("inline").Exit);
        var final = Path.Combine(Folder, "final.ckpt");
        File.WriteAllBytes(final, File.ReadAllBytes(final)[..100]);
        var summary = Path.Combine(Folder, "summary.json");
        File.WriteAllText(summary, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(summary), "\"finalAccuracy\": [^,]+", "\"finalAccuracy\": 0.123"));
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.Equal(2, exit);
        // Nothing before the refusal: no "resuming after round 3" of a run that trains nothing.
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(final, error, StringComparison.Ordinal);
        Assert.Contains("summary.json", error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Resume_of_a_finished_run_without_its_summary_is_refused_rather_than_called_complete()
    {
        Assert.Equal(0, Finished("inline").Exit);
        File.Delete(Path.Combine(Folder, "summary.json"));
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"scalefl: {Path.Combine(Folder, "summary.json")}: missing, so the finished run's final figures cannot be read back; restore it, or run it again under another --name.",
            error.Trim());
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void A_refused_run_of_two_methods_leaves_no_folder_for_the_method_that_had_none()
    {
        Assert.Equal(0, Finished("inline").Exit);
        var other = Path.Combine(directory, "resume", "depthfl");

        var (exit, _, error) = CliRun.Invoke(SimulateArgs(directory, "inline", "--method", "depthfl,sbt"));

        Assert.Equal(2, exit);
        Assert.Contains("holds a finished run", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(other), string.Join(", ", Directory.Exists(other) ? Directory.GetFileSystemEntries(other) : []));
    }

    [Fact]
    public void Resume_with_a_damaged_faults_file_is_refused_before_training_and_changes_no_file()
    {
        StoppedAfterItsLastRound();
        File.WriteAllText(Path.Combine(Folder, "faults.csv"), "round,client,kind,detail\n1,0,drop,\"task lost\"\nnot a row\n");
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("faults.csv: 'not a row' is not a row", line, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("final.ckpt")]
    [InlineData("checkpoint.ckpt")]
    public void Resume_with_a_directory_where_the_run_writes_a_file_is_refused_before_training(string file)
    {
        StoppedAfterItsLastRound();
        File.Delete(Path.Combine(Folder, file));
        Directory.CreateDirectory(Path.Combine(Folder, file));
        var before = Snapshot();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"scalefl: out: '{Path.Combine(Folder, file)}' is a directory where the run writes its {file}; nothing changed: move it away.", error.Trim());
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Resume_of_a_run_stopped_after_its_last_round_says_it_resumes_and_finishes_it()
    {
        StoppedAfterItsLastRound();

        var (exit, output, error) = Simulate("inline", "--resume");

        Assert.True(exit == 0, error);
        Assert.Contains($"sbt: resuming after round 3 from {Path.Combine(Folder, "checkpoint.ckpt")}: every round is done; the final evaluation follows.", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, "summary.json")));
        Assert.True(File.Exists(Path.Combine(Folder, "final.ckpt")));
    }

    [Fact]
    public void Resume_of_a_cyclic_run_with_fewer_rounds_than_its_checkpoint_is_refused()
    {
        Assert.Equal(0, Finished("inline", "--schedule", "cyclic").Exit);
        File.Delete(Path.Combine(Folder, "summary.json"));
        File.Delete(Path.Combine(Folder, "final.ckpt"));
        var before = Snapshot();

        var (exit, _, error) = Simulate("inline", "--schedule", "cyclic", "--resume", "--rounds", "2");

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: resume: '{Path.Combine(Folder, "checkpoint.ckpt")}' is after round 3, beyond --rounds 2; nothing changed: resume with --rounds 3 or more.", error.Trim());
        Assert.Equal(before, Snapshot());
    }

    // A run folder as a run stopped after its last round's checkpoint leaves it: no final.ckpt, no summary.json.
    private void StoppedAfterItsLastRound()
    {
        Assert.Equal(0, Finished("inline").Exit);
        foreach (var file in new[] { "summary.json", "final.ckpt" })
        {
            File.Delete(Path.Combine(Folder, file));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private Dictionary<string, string> Snapshot() => Directory.GetFiles(Folder).ToDictionary(
        file => Path.GetFileName(file)!, file => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));

    /// <summary>The finished run of <see cref="Simulate"/> with these flags: trained once for the class, copied into this test's folder.</summary>
    private (int Exit, string Output, string Error) Finished(string engine, params string[] extra)
    {
        Directory.CreateDirectory(Path.Combine(directory, "resume", "fedavg-all"));
        return finished.CopyInto(directory, "resume", (output, name) => SimulateArgs(output, engine, [.. extra, "--name", name]));
    }

    private (int Exit, string Output, string Error) Simulate(string engine, params string[] extra)
    {
        Directory.CreateDirectory(Path.Combine(directory, "resume", "fedavg-all"));
        return CliRun.Invoke(SimulateArgs(directory, engine, extra));
    }

    /// <summary>A small synthetic sbt run named "resume"; a flag in <paramref name="extra"/> replaces the same default.</summary>
    internal static string[] SimulateArgs(string output, string engine, params string[] extra)
    {
        var flags = new Dictionary<string, string>
        {
            ["--dataset"] = "synthetic", ["--clients"] = "4", ["--per-round"] = "2", ["--rounds"] = "3", ["--max-train"] = "200",
            ["--eval-samples"] = "50", ["--method"] = "sbt", ["--name"] = "resume", ["--out"] = output, ["--engine"] = engine,
        };
        var switches = new List<string> { "--quiet" };
        for (var i = 0; i < extra.Length; i++)
        {
            if (i + 1 < extra.Length && !extra[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                flags[extra[i]] = extra[++i];
            }
            else
            {
                switches.Add(extra[i]);
            }
        }

        return ["simulate", .. flags.SelectMany(flag => new[] { flag.Key, flag.Value }), .. switches];
    }
}
