using System.Security.Cryptography;
using System.Text;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Checkpoints;

public sealed class CheckpointHistoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-ckpt2-").FullName;

    private static Checkpoint AtRound(int round) => new("small-resnet", "scalefl", round, 1, new WeightSet([new NamedArray("w", [2], [round, 0.5f])]))
    {
        History = [new RoundRecord(1, 0, 0.25), new RoundRecord(2, 1, 0.5)],
        ModelVersion = round,
        BlockVersions = new Dictionary<string, int> { ["blocks.0"] = 1, ["blocks.1"] = round },
    };

    private string PathOf(string name) => Path.Combine(directory, name);

    [Fact]
    public void History_and_versions_survive_a_save_and_load()
    {
        CheckpointFile.Save(PathOf("checkpoint.ckpt"), AtRound(2));

        var loaded = CheckpointFile.Load(PathOf("checkpoint.ckpt"));

        Assert.Equal([new RoundRecord(1, 0, 0.25), new RoundRecord(2, 1, 0.5)], loaded.History);
        Assert.Equal(2, loaded.ModelVersion);
        Assert.Equal(2, loaded.BlockVersions["blocks.1"]);
    }

    [Fact]
    public void Saving_again_keeps_the_previous_checkpoint_beside_the_latest()
    {
        var path = PathOf("checkpoint.ckpt");

        CheckpointFile.SaveKeepingPrevious(path, AtRound(1));
        CheckpointFile.SaveKeepingPrevious(path, AtRound(2));

        Assert.Equal(2, CheckpointFile.Load(path).Round);
        Assert.Equal(1, CheckpointFile.Load(PathOf("checkpoint.prev.ckpt")).Round);
    }

    [Fact]
    public void Corrupt_latest_falls_back_to_the_previous_with_a_warning_naming_the_file()
    {
        var path = PathOf("checkpoint.ckpt");
        CheckpointFile.SaveKeepingPrevious(path, AtRound(1));
        CheckpointFile.SaveKeepingPrevious(path, AtRound(2));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var warnings = new List<string>();

        var loaded = CheckpointFile.LoadLatestGood(path, warnings.Add);

        Assert.Equal(1, loaded.Round);
        var warning = Assert.Single(warnings);
        Assert.Contains("corrupt or truncated", warning, StringComparison.Ordinal);
        Assert.Contains("checkpoint.prev.ckpt", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_latest_without_a_previous_is_an_error()
    {
        var path = PathOf("checkpoint.ckpt");
        File.WriteAllText(path, "SFLCKPT1 and then garbage, far too short to hold a checksum");

        Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadLatestGood(path));
    }

    [Fact]
    public void Both_corrupt_is_one_error_naming_both_files_and_no_promise_of_a_fallback()
    {
        var path = PathOf("checkpoint.ckpt");
        File.WriteAllText(path, "garbage");
        File.WriteAllText(PathOf("checkpoint.prev.ckpt"), "more garbage");
        var warnings = new List<string>();

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.LoadLatestGood(path, warnings.Add));

        Assert.Empty(warnings);
        Assert.StartsWith("No usable checkpoint: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("checkpoint.prev.ckpt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_one_file_still_loads_with_an_empty_history()
    {
        var path = PathOf("old.ckpt");
        File.WriteAllBytes(path, FormatOne("resnet18", "sbt", 4, 2, new WeightSet([new NamedArray("w", [1], [9f])])));

        var loaded = CheckpointFile.Load(path);

        Assert.Equal(("resnet18", "sbt", 4, 2, 9f), (loaded.Model, loaded.Method, loaded.Round, loaded.Stage, loaded.Weights["w"].Values[0]));
        Assert.Empty(loaded.History);
        Assert.Equal(0, loaded.ModelVersion);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The bytes the format-1 writer produced: magic, version 1, header, weights, SHA-256.</summary>
    private static byte[] FormatOne(string model, string method, int round, int stage, WeightSet weights)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("SFLCKPT1"u8.ToArray());
            writer.Write(1);
            writer.Write(model);
            writer.Write(method);
            writer.Write(round);
            writer.Write(stage);
            WeightSetCodec.Write(writer, weights);
        }

        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }
}
