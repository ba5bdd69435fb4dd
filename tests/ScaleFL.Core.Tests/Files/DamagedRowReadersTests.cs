using ScaleFL.Core.Experiments;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Tests.Files;

/// <summary>
/// A run folder's table with a damaged row is refused in one line that quotes the start of the row,
/// never the whole of it: a 100 MB row echoed in the error once took 1.4 GB and flooded the terminal.
/// </summary>
public sealed class DamagedRowReadersTests : IDisposable
{
    private const int RowLength = 2_000_000;
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-damaged-").FullName;

    // Each reader: the file it reads, its header, and how it is called on the folder.
    private static readonly Dictionary<string, (string File, string Header, Action<string> Read)> Readers = new()
    {
        ["metrics, one long cell"] = ("metrics.csv", MetricsCsv.Header, folder => MetricsCsv.Read(Path.Combine(folder, "metrics.csv"))),
        ["faults"] = ("faults.csv", "round,client,kind,detail", folder => RunFolder.ReadFaults(folder)),
        ["hsic"] = (HsicFile.Name, HsicTrajectory.CsvHeader, folder => HsicFile.Read(folder, throughRound: 1)),
    };

    public static TheoryData<string> Names() => [.. Readers.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_long_damaged_row_is_quoted_by_its_start_only(string reader)
    {
        var (file, header, read) = Readers[reader];
        File.WriteAllText(Path.Combine(directory, file), $"{header}\n{new string('x', RowLength)}\n");

        var error = Assert.Throws<InvalidDataException>(() => read(directory));

        Assert.True(error.Message.Length < 400, $"{error.Message.Length} characters: {error.Message[..Math.Min(200, error.Message.Length)]}");
        Assert.Contains($"({RowLength} characters)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_metrics_row_with_a_long_bad_cell_is_quoted_by_its_start_only()
    {
        var good = MetricsCsv.Row(new RoundMetrics(1, 0, 0.5, null, 1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        var cells = good.Split(',');
        cells[2] = new string('y', RowLength);
        var path = Path.Combine(directory, "metrics.csv");
        File.WriteAllText(path, $"{MetricsCsv.Header}\n{string.Join(',', cells)}\n");

        var error = Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(path));

        Assert.True(error.Message.Length < 400, $"{error.Message.Length} characters: {error.Message[..Math.Min(200, error.Message.Length)]}");
        Assert.Contains("column 3", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
