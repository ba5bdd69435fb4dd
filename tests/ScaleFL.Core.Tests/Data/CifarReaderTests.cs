using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly DataFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Cifar10_records_give_label_and_channel_major_pixels()
    {
        var path = files.Write("test_batch.bin", DataFiles.CifarRecords([[3], [9]]));

        var set = CifarReader.ReadCifar10File(path);

        Assert.Equal(new ImageShape(3, 32, 32), set.Shape);
        Assert.Equal([3, 9], set.Labels);
        Assert.Equal(2 * 3072, set.Pixels.Length);
        Assert.Equal(30, set.Pixels[0]);
        Assert.Equal(31, set.Pixels[1024]);
        Assert.Equal(32, set.Pixels[3071]);
        Assert.Equal(90, set.Pixels[3072]);
        Assert.Equal(92, set.Pixels[(2 * 3072) - 1]);
    }

    [Fact]
    public void Cifar100_keeps_the_fine_label_not_the_coarse_one()
    {
        var path = files.Write("train.bin", DataFiles.CifarRecords([[4, 17], [19, 2]]));

        var set = CifarReader.ReadCifar100File(path);

        Assert.Equal([17, 2], set.Labels);
        Assert.Equal(170, set.Pixels[0]);
        Assert.Equal(22, set.Pixels[3072 + 2048]);
    }

    [Fact]
    public void Cifar10_folder_joins_five_training_batches_in_order()
    {
        for (var i = 1; i <= 5; i++)
        {
            files.Write($"data_batch_{i}.bin", DataFiles.CifarRecords([[(byte)i], [(byte)(i + 1)]]));
        }

        files.Write("test_batch.bin", DataFiles.CifarRecords([[0]]));

        var (train, test) = CifarReader.ReadCifar10(files.Folder);

        Assert.Equal([1, 2, 2, 3, 3, 4, 4, 5, 5, 6], train.Labels);
        Assert.Equal(60, train.Pixels[9 * 3072]);
        Assert.Equal([0], test.Labels);
    }

    [Fact]
    public void Truncated_record_is_reported_with_its_size()
    {
        var records = DataFiles.CifarRecords([[1], [2]]);
        var path = files.Write("data_batch_1.bin", records[..^100]);

        var error = Assert.Throws<DatasetException>(() => CifarReader.ReadCifar10File(path));

        Assert.Equal(
            $"File '{path}' is truncated or not a CIFAR file: 6046 bytes is not a whole number of 3073-byte records "
            + "(1 label byte(s) + 3072 pixels); the last record has 2973 bytes.",
            error.Message);
    }

    [Fact]
    public void Cifar100_record_missing_its_fine_label_byte_is_truncated()
    {
        var path = files.Write("test.bin", DataFiles.CifarRecords([[1]]));

        var error = Assert.Throws<DatasetException>(() => CifarReader.ReadCifar100File(path));

        Assert.Contains("3074-byte records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_batch_names_the_file_and_its_gz_form()
    {
        files.Write("train.bin", DataFiles.CifarRecords([[1, 2]]));

        var error = Assert.Throws<DatasetException>(() => CifarReader.ReadCifar100(files.Folder));

        Assert.Equal($"Neither '{files.PathOf("test.bin")}' nor its .gz form exists.", error.Message);
    }
}
