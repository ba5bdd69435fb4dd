namespace ScaleFL.Core.Data;

/// <summary>
/// Reads the binary version of CIFAR-10 and CIFAR-100: fixed-size records of label byte(s)
/// followed by a 3x32x32 image stored channel-major (all red, then green, then blue).
/// CIFAR-10 records carry one label byte; CIFAR-100 records carry the coarse (superclass) label
/// then the fine label, and the fine one (100 classes) is kept.
/// </summary>
public static class CifarReader
{
    /// <summary>Shape of every CIFAR image.</summary>
    public static ImageShape Shape { get; } = new(3, 32, 32);

    /// <summary>Reads <c>data_batch_1..5.bin</c> (train) and <c>test_batch.bin</c> from <paramref name="folder"/>.</summary>
    public static (RawImageSet Train, RawImageSet Test) ReadCifar10(string folder) =>
        (ReadCifar10Training(folder), ReadCifar10File(DatasetLayout.RequireFile(folder, "test_batch.bin")));

    /// <summary>Reads only the training batches <c>data_batch_1..5.bin</c> from <paramref name="folder"/>.</summary>
    public static RawImageSet ReadCifar10Training(string folder) =>
        RawImageSet.Concat(Enumerable.Range(1, 5)
            .Select(i => ReadCifar10File(DatasetLayout.RequireFile(folder, $"data_batch_{i}.bin")))
            .ToList());

    /// <summary>Reads <c>train.bin</c> and <c>test.bin</c> from <paramref name="folder"/>.</summary>
    public static (RawImageSet Train, RawImageSet Test) ReadCifar100(string folder) =>
        (ReadCifar100File(DatasetLayout.RequireFile(folder, "train.bin")),
         ReadCifar100File(DatasetLayout.RequireFile(folder, "test.bin")));

    /// <summary>Reads one CIFAR-10 file of records [label, 3072 pixel bytes].</summary>
    public static RawImageSet ReadCifar10File(string path) => ReadRecords(path, labelBytes: 1);

    /// <summary>Reads one CIFAR-100 file of records [coarse label, fine label, 3072 pixel bytes].</summary>
    public static RawImageSet ReadCifar100File(string path) => ReadRecords(path, labelBytes: 2);

    private static RawImageSet ReadRecords(string path, int labelBytes)
    {
        var bytes = IdxReader.ReadAllBytes(path);
        var imageSize = Shape.ValueCount;
        var recordSize = labelBytes + imageSize;
        if (bytes.Length == 0)
        {
            throw new DatasetException($"File '{path}' is empty; CIFAR files hold {recordSize}-byte records.");
        }

        if (bytes.Length % recordSize != 0)
        {
            throw new DatasetException(
                $"File '{path}' is truncated or not a CIFAR file: {bytes.Length} bytes is not a whole number of "
                + $"{recordSize}-byte records ({labelBytes} label byte(s) + {imageSize} pixels); "
                + $"the last record has {bytes.Length % recordSize} bytes.");
        }

        var count = bytes.Length / recordSize;
        var pixels = new byte[(long)count * imageSize];
        var labels = new byte[count];
        for (var record = 0; record < count; record++)
        {
            var start = (long)record * recordSize;
            // The fine label is the last label byte in both formats.
            labels[record] = bytes[start + labelBytes - 1];
            Array.Copy(bytes, start + labelBytes, pixels, (long)record * imageSize, imageSize);
        }

        return new RawImageSet(pixels, labels, Shape);
    }
}
