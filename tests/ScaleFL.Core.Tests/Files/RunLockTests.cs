using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Tests.Files;

public sealed class RunLockTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("scalefl-run-lock-").FullName;

    [Fact]
    public void A_second_holder_of_a_run_folder_is_refused_naming_the_folder_and_the_holding_process()
    {
        using var first = RunLock.Acquire(folder);

        var refused = Assert.Throws<ExperimentException>(() => RunLock.Acquire(folder));

        Assert.StartsWith($"run folder '{folder}' is in use by process {Environment.ProcessId} ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_where_the_lock_file_belongs_is_refused_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(folder, RunLock.FileName));

        var refused = Assert.Throws<ExperimentException>(() => RunLock.Acquire(folder));

        Assert.Equal($"run folder '{folder}': '{RunLock.FileName}' is a directory, not the lock file a run keeps there; remove it.", refused.Message);
    }

    [Fact]
    public void A_run_folder_let_go_of_can_be_taken_again()
    {
        RunLock.Acquire(folder).Dispose();

        using var again = RunLock.Acquire(folder);

        Assert.True(File.Exists(Path.Combine(folder, RunLock.FileName)));
    }

    [Fact]
    public void Taking_several_folders_lets_go_of_those_taken_when_one_is_refused()
    {
        var other = Directory.CreateDirectory(Path.Combine(folder, "sbt")).FullName;
        using (RunLock.Acquire(other))
        {
            Assert.Throws<ExperimentException>(() => RunLock.AcquireAll([folder, other]));
        }

        using var both = RunLock.AcquireAll([folder, other]);
    }

    [Fact]
    public void Stale_temporaries_are_removed_only_after_the_lock_is_taken()
    {
        var method = Path.Combine(folder, "sbt");
        Directory.CreateDirectory(method);
        // A temporary of a process that is gone (pid 1 never writes run folders; int.MaxValue never runs).
        var stale = Path.Combine(method, $".metrics.csv.{int.MaxValue}.tmp");
        File.WriteAllText(stale, "partial");
        using (RunLock.Acquire(method))
        {
            Assert.Throws<ExperimentException>(() => RunFolder.Prepare([method]));
            Assert.True(File.Exists(stale));
        }

        using var held = RunFolder.Prepare([method]);
        Assert.False(File.Exists(stale));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
