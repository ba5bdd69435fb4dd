using System.Buffers.Binary;
using System.IO.Compression;

namespace ScaleFL.Core.Tests.Data;

/// <summary>A temporary folder, deleted on dispose, with writers for tiny dataset files.</summary>
internal sealed class DataFiles : IDisposable
{
    public DataFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "scalefl-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string fileName) => Path.Combine(Folder, fileName);

    public string Write(string fileName, byte[] content, bool gzip = false)
    {
        var path = PathOf(fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return path;
        }

        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(content);
        return path;
    }

    /// <summary>An IDX images file: magic 0x803, count, rows, columns, then the pixels.</summary>
    public static byte[] IdxImages(int count, int rows, int columns, byte[] pixels, int magic = 0x00000803) =>
        [.. BigEndian(magic), .. BigEndian(count), .. BigEndian(rows), .. BigEndian(columns), .. pixels];

    /// <summary>An IDX labels file: magic 0x801, count, then the labels.</summary>
    public static byte[] IdxLabels(byte[] labels, int magic = 0x00000801) =>
        [.. BigEndian(magic), .. BigEndian(labels.Length), .. labels];

    /// <summary>Writes the four MNIST-family files (train and t10k), each with 1x2x2 images.</summary>
    public void WriteIdxDataset(string folder, byte[] trainLabels, byte[] testLabels, bool gzip)
    {
        var suffix = gzip ? ".gz" : string.Empty;
        foreach (var (split, labels) in new[] { ("train", trainLabels), ("t10k", testLabels) })
        {
            var pixels = Enumerable.Range(0, labels.Length * 4).Select(i => (byte)(i * 7 % 256)).ToArray();
            Write(Path.Combine(folder, $"{split}-images-idx3-ubyte{suffix}"), IdxImages(labels.Length, 2, 2, pixels), gzip);
            Write(Path.Combine(folder, $"{split}-labels-idx1-ubyte{suffix}"), IdxLabels(labels), gzip);
        }
    }

    /// <summary>
    /// CIFAR records whose pixels are all <c>label * 10 + channel</c>, so a test can see which
    /// record and channel a value came from.
    /// </summary>
    public static byte[] CifarRecords(IReadOnlyList<byte[]> labelBytes)
    {
        var records = new List<byte>();
        foreach (var labels in labelBytes)
        {
            records.AddRange(labels);
            for (var channel = 0; channel < 3; channel++)
            {
                records.AddRange(Enumerable.Repeat((byte)((labels[^1] * 10) + channel), 1024));
            }
        }

        return [.. records];
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
