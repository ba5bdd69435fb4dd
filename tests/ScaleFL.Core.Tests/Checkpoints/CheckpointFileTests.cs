using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Files;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Checkpoints;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-ckpt-").FullName;

    private static Checkpoint Sample => new("small-resnet", "scalefl", 7, 2, new WeightSet([new NamedArray("w", [3], [1f, 2f, 3f])]));

    [Fact]
    public void Saved_checkpoint_loads_back_with_the_same_header_and_weights()
    {
        var path = Path.Combine(directory, "global.ckpt");

        CheckpointFile.Save(path, Sample);
        var loaded = CheckpointFile.Load(path);

        Assert.Equal((Sample.Model, Sample.Method, Sample.Round, Sample.Stage), (loaded.Model, loaded.Method, loaded.Round, loaded.Stage));
        Assert.Equal([1f, 2f, 3f], loaded.Weights["w"].Values);
        Assert.Single(Directory.GetFiles(directory));
    }

    [Fact]
    public void A_flipped_byte_is_reported_as_corrupt()
    {
        var path = Path.Combine(directory, "global.ckpt");
        CheckpointFile.Save(path, Sample);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_reported_as_corrupt()
    {
        var path = Path.Combine(directory, "global.ckpt");
        CheckpointFile.Save(path, Sample);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));
    }

    [Fact]
    public void A_file_of_another_kind_is_named_as_not_a_checkpoint()
    {
        var path = Path.Combine(directory, "notes.txt");
        File.WriteAllText(path, "these are not weights, just some words of text");

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(path));

        Assert.Contains("not a ScaleFL checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_experiment_fingerprint_is_saved_and_read_back()
    {
        var path = Path.Combine(directory, "global.ckpt");

        CheckpointFile.Save(path, Sample with { Fingerprint = "clients=4\nseed=7" });

        Assert.Equal("clients=4\nseed=7", CheckpointFile.Load(path).Fingerprint);
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_written_leaves_the_last_two_good_ones_and_no_temporary_file()
    {
        var path = Path.Combine(directory, "checkpoint.ckpt");
        CheckpointFile.SaveKeepingPrevious(path, Sample with { Round = 1 });
        CheckpointFile.SaveKeepingPrevious(path, Sample with { Round = 2 });
        // A folder where the temporary file must go makes the write fail as a full disk would, after encoding.
        Directory.CreateDirectory(AtomicFile.TemporaryPathOf(path));

        var error = Assert.Throws<OutputWriteException>(() => CheckpointFile.SaveKeepingPrevious(path, Sample with { Round = 3 }));

        Assert.StartsWith($"could not write '{path}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, CheckpointFile.Load(path).Round);
        Assert.Equal(1, CheckpointFile.Load(CheckpointFile.PreviousPath(path)).Round);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
