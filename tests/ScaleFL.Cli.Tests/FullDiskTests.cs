using System.Diagnostics;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Files;

namespace ScaleFL.Cli.Tests;

/// <summary>
/// A checkpoint or results file that cannot be written stops the run at that round with one line,
/// keeps the last good checkpoint and earlier rows, leaves no temporary file, and <c>--resume</c>
/// continues once the file can be written.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FullDiskTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-disk-").FullName;

    [Theory]
    [InlineData("inline")]
    [InlineData("actors")]
    public void A_checkpoint_that_cannot_be_written_stops_the_run_at_that_round(string engine)
    {
        var folder = Path.Combine(directory, "run", "sbt");
        Directory.CreateDirectory(folder);
        // The temporary file's name taken by a folder fails the first checkpoint write (this process writes it).
        Directory.CreateDirectory(AtomicFile.TemporaryPathOf(Path.Combine(folder, "checkpoint.ckpt")));

        var (exit, output, error) = Simulate(directory, engine);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"could not write '{Path.Combine(folder, "checkpoint.ckpt")}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "summary.json")));
        Assert.False(File.Exists(Path.Combine(folder, "final.ckpt")));
        var metrics = Path.Combine(folder, "metrics.csv");
        Assert.True(!File.Exists(metrics) || File.ReadAllLines(metrics).Length == 1, "a round was reported that was not saved");
    }

    [Fact]
    public void On_a_full_disk_the_run_stops_keeps_its_last_checkpoint_and_resumes_once_space_is_freed()
    {
        var mount = Path.Combine(directory, "small");
        Directory.CreateDirectory(mount);
        if (!Run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount))
        {
            // Without the right to mount, the same failure comes from a blocked temporary file (test above).
            A_checkpoint_that_cannot_be_written_stops_the_run_at_that_round("inline");
            return;
        }

        try
        {
            var folder = Path.Combine(mount, "run", "sbt");
            var (exit, _, error) = Simulate(mount, "inline", "--rounds", "4");

            Assert.Equal(1, exit);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder, ".*.tmp"));
            var kept = CheckpointFile.LoadLatestGood(Path.Combine(folder, "checkpoint.ckpt"));
            var rows = File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Skip(1).ToList();
            Assert.NotEmpty(rows);
            Assert.True(kept.Round >= 1 && kept.Round < 4, $"checkpoint at round {kept.Round}");

            // Space freed: the same run folder on a disk with room.
            var roomy = Path.Combine(directory, "roomy");
            CopyFolder(Path.Combine(mount, "run"), Path.Combine(roomy, "run"));
            var resumed = Simulate(roomy, "inline", "--rounds", "4", "--resume");

            Assert.True(resumed.Exit == 0, resumed.Error);
            Assert.Equal(["1", "2", "3", "4"], File.ReadAllLines(Path.Combine(roomy, "run", "sbt", "metrics.csv")).Skip(1).Select(row => row.Split(',')[0]));
            Assert.Equal(4, CheckpointFile.Load(Path.Combine(roomy, "run", "sbt", "final.ckpt")).Round);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [Fact]
    public void A_temporary_checkpoint_left_by_a_killed_run_is_removed_at_the_next_start()
    {
        var folder = Path.Combine(directory, "run", "sbt");
        Directory.CreateDirectory(folder);
        using var killed = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        killed.WaitForExit();
        var leftover = Path.Combine(folder, $".checkpoint.ckpt.{killed.Id}.tmp");
        File.WriteAllBytes(leftover, new byte[1024]);

        var (exit, _, error) = Simulate(directory, "inline");

        Assert.True(exit == 0, error);
        Assert.False(File.Exists(leftover));
        Assert.Empty(Directory.GetFiles(folder, ".*.tmp"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static (int Exit, string Output, string Error) Simulate(string output, string engine, params string[] extra) =>
        CliRun.Invoke(ResumeCommandTests.SimulateArgs(output, engine, ["--rounds", "2", "--name", "run", .. extra]));

    private static bool Run(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
