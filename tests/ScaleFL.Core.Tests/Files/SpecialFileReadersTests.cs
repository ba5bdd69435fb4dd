using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Weights;
using ScaleFL.TestSupport;

namespace ScaleFL.Core.Tests.Files;

/// <summary>
/// Every reader of a file the program did not just write (a checkpoint, weights, a dataset file, a
/// run folder's results) refuses a named pipe or a device in its place in one line naming the
/// file, instead of waiting forever for a writer or reading until memory runs out.
/// </summary>
public sealed class SpecialFileReadersTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-special-").FullName;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var reader in Readers.Keys)
        {
            foreach (var kind in SpecialFiles.Kinds)
            {
                cases.Add(reader, kind);
            }
        }

        return cases;
    }

    // Each reader: the file name it reads in the folder, and how it is called on that folder.
    private static readonly Dictionary<string, (string File, Action<string> Read, Type Error)> Readers = new()
    {
        ["checkpoint"] = ("checkpoint.ckpt", folder => CheckpointFile.Load(Path.Combine(folder, "checkpoint.ckpt")), typeof(InvalidDataException)),
        ["checkpoint or previous"] = ("checkpoint.ckpt", folder => CheckpointFile.LoadLatestGood(Path.Combine(folder, "checkpoint.ckpt")), typeof(InvalidDataException)),
        ["safetensors"] = ("init.safetensors", folder => SafetensorsFile.Read(Path.Combine(folder, "init.safetensors")), typeof(InvalidDataException)),
        ["idx labels"] = ("train-labels-idx1-ubyte", folder => IdxReader.ReadLabels(Path.Combine(folder, "train-labels-idx1-ubyte")), typeof(DatasetException)),
        ["metrics"] = ("metrics.csv", folder => MetricsCsv.Read(Path.Combine(folder, "metrics.csv")), typeof(InvalidDataException)),
        ["summary"] = (SummaryFile.Name, folder => SummaryFile.Read(folder), typeof(InvalidDataException)),
        ["faults"] = ("faults.csv", folder => RunFolder.ReadFaults(folder), typeof(InvalidDataException)),
        ["hsic"] = (HsicFile.Name, folder => HsicFile.Read(folder, throughRound: 1), typeof(InvalidDataException)),
        ["devices"] = (DevicesFile.Name, folder => DevicesFile.Append(folder, new DeviceMemoryRecord(1, 1 << 20, 1, 32, 1 << 19, 0, true)), typeof(InvalidDataException)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_special_file_in_place_of_the_file_is_refused_in_one_line_naming_it(string reader, string kind)
    {
        var (file, read, errorType) = Readers[reader];
        var path = Path.Combine(directory, file);
        SpecialFiles.Create(path, kind);

        var error = SpecialFiles.ErrorOf(() => read(directory), path);

        Assert.NotNull(error);
        Assert.IsType(errorType, error);
        Assert.Contains($"'{path}' is not a regular file", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> ReaderNames() => [.. Readers.Keys];

    [Theory]
    [MemberData(nameof(ReaderNames))]
    public void A_symbolic_link_loop_in_place_of_the_file_is_refused_in_one_line_naming_it(string reader)
    {
        var (file, read, errorType) = Readers[reader];
        var path = Path.Combine(directory, file);
        var other = Path.Combine(directory, "loop-" + file);
        File.CreateSymbolicLink(path, other);
        File.CreateSymbolicLink(other, path);

        var error = SpecialFiles.ErrorOf(() => read(directory), path);

        Assert.NotNull(error);
        Assert.IsType(errorType, error);
        Assert.Contains($"'{path}' is a symbolic link that leads to itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_loop_in_place_of_the_latest_checkpoint_falls_back_to_the_previous_one()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        CheckpointFile.Save(CheckpointFile.PreviousPath(path), new Checkpoint("small-resnet", "sbt", 3, 1, new WeightSet([new NamedArray("w", [1], [1f])])));
        File.CreateSymbolicLink(path, path);
        var warnings = new List<string>();

        var loaded = CheckpointFile.LoadLatestGood(path, warnings.Add);

        Assert.Equal(3, loaded.Round);
        Assert.Contains("symbolic link that leads to itself", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_in_place_of_the_latest_checkpoint_falls_back_to_the_previous_one_and_says_so()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        CheckpointFile.Save(CheckpointFile.PreviousPath(path), new Checkpoint("small-resnet", "sbt", 3, 1, new WeightSet([new NamedArray("w", [1], [1f])])));
        SpecialFiles.Create(path, "named pipe");
        var warnings = new List<string>();
        Checkpoint? loaded = null;

        var error = SpecialFiles.ErrorOf(() => loaded = CheckpointFile.LoadLatestGood(path, warnings.Add), path);

        Assert.Null(error);
        Assert.Equal(3, loaded!.Round);
        Assert.Contains($"'{path}' is not a regular file", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_a_checkpoint_reads_the_checkpoint()
    {
        var target = Path.Combine(directory, "real.ckpt");
        CheckpointFile.Save(target, new Checkpoint("small-resnet", "sbt", 3, 1, new WeightSet([new NamedArray("w", [1], [1f])])));
        var link = Path.Combine(directory, "checkpoint.ckpt");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(3, CheckpointFile.Load(link).Round);
    }

    [Fact]
    public void A_symbolic_link_to_a_table_reads_the_table_and_a_dangling_one_is_named_missing()
    {
        var target = Path.Combine(directory, "rows.csv");
        File.WriteAllText(target, "a\nb\n");
        var link = Path.Combine(directory, "link.csv");
        File.CreateSymbolicLink(link, target);
        var dangling = Path.Combine(directory, "dangling.csv");
        File.CreateSymbolicLink(dangling, Path.Combine(directory, "none.csv"));

        Assert.Equal(["a", "b"], ScaleFL.Core.Files.InputFile.ReadLines(link, "Table"));
        var error = Assert.Throws<ExperimentException>(() => ScaleFL.Core.Files.InputFile.ReadLines(dangling, "Table"));
        Assert.Equal($"Table '{dangling}' does not exist.", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
