using ScaleFL.Core.Checkpoints;
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

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
