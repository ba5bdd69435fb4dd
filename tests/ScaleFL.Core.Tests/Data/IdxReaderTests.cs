using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private static readonly byte[] Pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
    private readonly DataFiles files = new();

    public void Dispose() => files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_read_back_as_written(bool gzip)
    {
        var images = files.Write("images", DataFiles.IdxImages(2, 2, 3, Pixels), gzip);
        var labels = files.Write("labels", DataFiles.IdxLabels([7, 3]), gzip);

        var set = IdxReader.ReadSet(images, labels);

        Assert.Equal(new ImageShape(1, 2, 3), set.Shape);
        Assert.Equal(Pixels, set.Pixels);
        Assert.Equal([7, 3], set.Labels);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Gzip_is_detected_by_content_not_by_name()
    {
        var images = files.Write("images.raw", DataFiles.IdxImages(2, 2, 3, Pixels), gzip: true);

        var (pixels, _, count) = IdxReader.ReadImages(images);

        Assert.Equal(Pixels, pixels);
        Assert.Equal(2, count);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var path = files.PathOf("absent-images");

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal($"File '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void Labels_file_read_as_images_reports_bad_magic()
    {
        var path = files.Write("swapped", DataFiles.IdxImages(2, 2, 3, Pixels, magic: 0x00000801));

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal(
            $"File '{path}' has bad magic number 0x00000801; IDX images files start with 0x00000803.", error.Message);
    }

    [Fact]
    public void Bad_label_magic_is_reported()
    {
        var path = files.Write("labels", DataFiles.IdxLabels([1, 2], magic: 0x12345678));

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("bad magic number 0x12345678", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_pixels_are_reported_with_expected_and_actual_sizes()
    {
        var path = files.Write("images", DataFiles.IdxImages(2, 2, 3, Pixels[..10]));

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.Equal(
            $"File '{path}' is truncated: its header promises 2 images of 2x3 (12 bytes) but only 10 bytes follow.",
            error.Message);
    }

    [Fact]
    public void File_shorter_than_a_header_is_reported_as_truncated()
    {
        var path = files.Write("labels", [0, 0, 8, 1, 0]);

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Equal(
            $"File '{path}' is truncated: 5 bytes, too short for an IDX labels header of 8 bytes.", error.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported()
    {
        var full = files.Write("whole.gz", DataFiles.IdxImages(2, 2, 3, Pixels), gzip: true);
        var bytes = File.ReadAllBytes(full);
        var path = files.Write("cut.gz", bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"File '{path}' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_the_data_are_reported()
    {
        var path = files.Write("labels", [.. DataFiles.IdxLabels([1, 2]), 9]);

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadLabels(path));

        Assert.Equal(
            $"File '{path}' is longer than its header says: 2 labels need 2 bytes but 3 follow.", error.Message);
    }

    [Fact]
    public void Count_mismatch_between_images_and_labels_names_both_files()
    {
        var images = files.Write("images", DataFiles.IdxImages(2, 2, 3, Pixels));
        var labels = files.Write("labels", DataFiles.IdxLabels([1, 2, 3]));

        var error = Assert.Throws<DatasetException>(() => IdxReader.ReadSet(images, labels));

        Assert.Equal(
            $"Count mismatch: '{images}' holds 2 images but '{labels}' holds 3 labels.", error.Message);
    }
}
