using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Tests.Files;

public sealed class OutputPathsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-paths-").FullName;

    [Fact]
    public void A_writable_folder_is_created_and_left_empty()
    {
        var folder = Path.Combine(directory, "runs", "name", "scalefl");

        var checkedFolder = OutputPaths.CheckDirectory("out", folder);

        Assert.Equal(folder, checkedFolder);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_folder_under_a_regular_file_is_refused_naming_the_flag()
    {
        var file = Path.Combine(directory, "file");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<ExperimentException>(() => OutputPaths.CheckDirectory("out", Path.Combine(file, "runs")));

        Assert.StartsWith($"out: cannot write into '{Path.Combine(file, "runs")}':", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_in_proc_is_refused()
    {
        var error = Assert.Throws<ExperimentException>(() => OutputPaths.CheckDirectory("out", "/proc/runs"));

        Assert.StartsWith("out: cannot write into '/proc/runs'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_too_long_for_the_file_system_is_refused()
    {
        var error = Assert.Throws<ExperimentException>(() => OutputPaths.CheckDirectory("out", Path.Combine(directory, new string('x', 300))));

        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_path_that_is_a_folder_is_refused()
    {
        var error = Assert.Throws<ExperimentException>(() => OutputPaths.CheckFile("markdown", directory));

        Assert.Equal($"markdown: '{directory}' is a folder; give a file path.", error.Message);
    }

    [Fact]
    public void A_file_path_in_a_writable_folder_passes_without_creating_the_file()
    {
        var file = Path.Combine(directory, "new", "bench.md");

        Assert.Equal(file, OutputPaths.CheckFile("markdown", file));
        Assert.False(File.Exists(file));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
