using System.Diagnostics;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Tests.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-atomic-").FullName;

    [Fact]
    public void A_write_that_fails_midway_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(directory, "summary.json");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<OutputWriteException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new IOException("No space left on device : '/somewhere/.summary.json.1.tmp'");
        }));

        Assert.Equal($"could not write '{path}': No space left on device", error.Message);
        Assert.Equal(path, error.Path);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(directory));
    }

    [Fact]
    public void Keeping_the_previous_file_renames_it_only_after_the_new_content_is_written()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        var previous = Path.Combine(directory, "checkpoint.prev.ckpt");
        File.WriteAllText(path, "round 1");

        Assert.Throws<OutputWriteException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full"), previous));
        Assert.Equal("round 1", File.ReadAllText(path));
        Assert.False(File.Exists(previous));

        AtomicFile.Write(path, stream => stream.Write("round 2"u8), previous);
        Assert.Equal("round 2", File.ReadAllText(path));
        Assert.Equal("round 1", File.ReadAllText(previous));
    }

    [Fact]
    public void Text_is_replaced_whole()
    {
        var path = Path.Combine(directory, "metrics.csv");
        AtomicFile.WriteAllText(path, "a long first version");

        AtomicFile.WriteAllText(path, "short");

        Assert.Equal("short", File.ReadAllText(path));
    }

    [Fact]
    public void Temporary_files_of_a_killed_writer_are_removed_and_a_live_writers_are_kept()
    {
        var deadPid = ExitedProcessId();
        var stale = Path.Combine(directory, $".checkpoint.ckpt.{deadPid}.tmp");
        var live = AtomicFile.TemporaryPathOf(Path.Combine(directory, "checkpoint.ckpt"));
        var other = Path.Combine(directory, "notes.tmp");
        File.WriteAllText(stale, "half a checkpoint");
        File.WriteAllText(live, "being written");
        File.WriteAllText(other, "not ours");

        var removed = AtomicFile.RemoveStaleTemporaries(directory);

        Assert.Equal([stale], removed);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void A_missing_folder_has_no_temporary_files()
    {
        Assert.Empty(AtomicFile.RemoveStaleTemporaries(Path.Combine(directory, "absent")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
