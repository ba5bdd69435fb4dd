using System.Buffers.Binary;
using System.Globalization;
using ScaleFL.Core.Weights;

namespace ScaleFL.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ResultsCommandTests : IDisposable
{
    private static readonly string[] Tiny =
        ["--dataset", "synthetic", "--clients", "4", "--per-round", "2", "--rounds", "2", "--max-train", "200", "--eval-samples", "100", "--engine", "inline", "--quiet"];

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-results-").FullName;

    [Fact]
    public void Compare_writes_a_row_per_method_in_range_and_plots_of_the_expected_size()
    {
        var (exit, output, error) = CliRun.Invoke([
            "compare", .. Tiny, "--methods", "scalefl,fedavg-exclusive,fedavg-all", "--target-accuracy", "0.05", "--out", directory, "--name", "cmp"]);

        Assert.True(exit == 0, error);
        var folder = Path.Combine(directory, "cmp");
        var lines = File.ReadAllLines(Path.Combine(folder, "compare.csv"));
        Assert.Equal(["scalefl", "fedavg-exclusive", "fedavg-all"], lines.Skip(1).Select(line => line.Split(',')[0]));
        foreach (var fields in lines.Skip(1).Select(line => line.Split(',')))
        {
            Assert.InRange(Number(fields[1]), 0, 1);
            Assert.InRange(Number(fields[2]), 0, 1);
            Assert.InRange(Number(fields[3]), 0, Number(fields[2]));
            Assert.InRange(int.Parse(fields[4], CultureInfo.InvariantCulture), 1, 2);
            Assert.InRange(Number(fields[5]), 0.25, 1);
            Assert.True(Number(fields[6]) > 0 && Number(fields[7]) > 0, string.Join(",", fields));
        }

        Assert.Equal("1", lines[3].Split(',')[5]);
        Assert.Contains("| fedavg-all |", File.ReadAllText(Path.Combine(folder, "compare.md")), StringComparison.Ordinal);
        Assert.Contains("fedavg-exclusive", output, StringComparison.Ordinal);
        Assert.StartsWith("round,stage,nhsic_x_z,nhsic_y_z", File.ReadAllText(Path.Combine(folder, "scalefl", "hsic.csv")), StringComparison.Ordinal);
        foreach (var plot in new[] { "accuracy", "memory", "participation", "hsic-scalefl", "hsic-fedavg-all" })
        {
            Assert.Equal((900, 600), PngSize(Path.Combine(folder, $"{plot}.png")));
        }
    }

    [Fact]
    public void Sweep_runs_every_combination_and_ranks_them_and_its_resume_reads_every_point_before_it_says_or_writes_anything()
    {
        var (exit, output, error) = CliRun.Invoke([
            "sweep", .. Tiny, "--method", "sbt", "--grid", "lr=0.01,0.05", "--out", directory, "--name", "sw"]);

        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(Path.Combine(directory, "sw", "sweep.csv"));
        Assert.Equal(3, lines.Length);
        Assert.Equal(["\"lr=0.01\"", "\"lr=0.05\""], lines.Skip(1).Select(line => line.Split(',')[1]).Order());
        Assert.True(Number(lines[1].Split(',')[3]) >= Number(lines[2].Split(',')[3]));
        Assert.Contains("lr=0.05", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "sw", "point-2", "sbt", "final.ckpt")));

        // A resume finds point 2's rounds unreadable before it reports point 1 as done or rewrites the table.
        File.WriteAllText(Path.Combine(directory, "sw", "point-2", "sbt", "metrics.csv"), "garbage\n");
        var table = File.ReadAllText(Path.Combine(directory, "sw", "sweep.md"));
        var resumed = CliRun.Invoke(["sweep", .. Tiny, "--method", "sbt", "--grid", "lr=0.01,0.05", "--out", directory, "--name", "sw", "--resume"]);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Equal(string.Empty, resumed.Output);
        Assert.Contains(Path.Combine("point-2", "sbt", "metrics.csv"), Assert.Single(resumed.Error.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal(table, File.ReadAllText(Path.Combine(directory, "sw", "sweep.md")));
    }

    [Fact]
    public void Exported_model_starts_a_new_run_and_a_foreign_file_is_refused()
    {
        Assert.Equal(0, CliRun.Invoke(["simulate", .. Tiny, "--method", "sbt", "--out", directory, "--name", "a"]).ExitCode);
        var model = Path.Combine(directory, "model.safetensors");

        var export = CliRun.Invoke("export", "--checkpoint", Path.Combine(directory, "a", "sbt", "final.ckpt"), "--out", model);
        var resumed = CliRun.Invoke(["simulate", .. Tiny, "--method", "sbt", "--init", model, "--out", directory, "--name", "b"]);
        var stranger = Path.Combine(directory, "stranger.safetensors");
        SafetensorsFile.Write(stranger, new WeightSet([new NamedArray("encoder.weight", [1], [1f])]));
        var foreign = CliRun.Invoke(["simulate", .. Tiny, "--init", stranger, "--out", directory, "--name", "c"]);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(2, foreign.ExitCode);
        Assert.Contains("initWeights:", foreign.Error, StringComparison.Ordinal);
        Assert.Contains("no tensor 'blocks.0.", foreign.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkpoint.ckpt", "is the checkpoint being exported")]
    [InlineData("metrics.csv", "exists and is not a .safetensors file")]
    [InlineData("final.safetensors.ckpt", "exists and is not a .safetensors file")]
    public void Export_never_writes_over_the_checkpoint_or_a_file_that_is_not_an_earlier_export(string target, string reason)
    {
        var checkpoint = Path.Combine(directory, "checkpoint.ckpt");
        Core.Checkpoints.CheckpointFile.Save(checkpoint, new Core.Checkpoints.Checkpoint("small-resnet", "sbt", 2, 1, new WeightSet([new NamedArray("blocks.0.w", [2], [1f, 2f])])));
        var output = Path.Combine(directory, target);
        if (!File.Exists(output))
        {
            File.WriteAllText(output, "round,stage\n1,1\n");
        }

        var before = File.ReadAllBytes(output);

        var (exit, _, error) = CliRun.Invoke("export", "--checkpoint", checkpoint, "--out", output);

        Assert.Equal(2, exit);
        Assert.Equal($"scalefl: out: '{output}' {reason}; export writes only new .safetensors files or over an earlier export; choose another --out.", error.Trim());
        Assert.Equal(before, File.ReadAllBytes(output));
    }

    [Fact]
    public void Export_writes_over_an_earlier_export()
    {
        var checkpoint = Path.Combine(directory, "checkpoint.ckpt");
        Core.Checkpoints.CheckpointFile.Save(checkpoint, new Core.Checkpoints.Checkpoint("small-resnet", "sbt", 2, 1, new WeightSet([new NamedArray("blocks.0.w", [2], [1f, 2f])])));
        var output = Path.Combine(directory, "model.safetensors");
        SafetensorsFile.Write(output, new WeightSet([new NamedArray("old", [1], [0f])]));

        var (exit, _, error) = CliRun.Invoke("export", "--checkpoint", checkpoint, "--out", output);

        Assert.True(exit == 0, error);
        Assert.Equal([1f, 2f], SafetensorsFile.Read(output).Weights["blocks.0.w"].Values);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Checks the PNG signature and reads width and height from the IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
