using System.Buffers.Binary;
using System.IO.Compression;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Data;

/// <summary>
/// Reads the IDX files of the MNIST family (MNIST, Fashion-MNIST): unsigned-byte images
/// (magic 0x00000803) and labels (magic 0x00000801), dimensions big-endian. A file is read as
/// gzip when it starts with the gzip magic 0x1f8b, whatever its name, and as raw IDX otherwise.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file and its labels file, which must hold the same count.</summary>
    public static RawImageSet ReadSet(string imagesPath, string labelsPath)
    {
        var (pixels, shape, imageCount) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != imageCount)
        {
            throw new DatasetException(
                $"Count mismatch: '{imagesPath}' holds {imageCount} images but '{labelsPath}' holds {labels.Length} labels.");
        }

        return new RawImageSet(pixels, labels, shape);
    }

    /// <summary>Reads an images file: pixel bytes image after image, the shape 1xHxW, the count.</summary>
    public static (byte[] Pixels, ImageShape Shape, int Count) ReadImages(string path)
    {
        var bytes = ReadAllBytes(path);
        RequireHeader(path, bytes, 16, ImagesMagic, "images");
        var count = ReadDimension(path, bytes, 4);
        var rows = ReadDimension(path, bytes, 8);
        var columns = ReadDimension(path, bytes, 12);
        var expected = (long)count * rows * columns;
        RequireBody(path, bytes.Length - 16L, expected, $"{count} images of {rows}x{columns}");
        return (bytes[16..], new ImageShape(1, rows, columns), count);
    }

    /// <summary>Reads a labels file: one byte per sample.</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAllBytes(path);
        RequireHeader(path, bytes, 8, LabelsMagic, "labels");
        var count = ReadDimension(path, bytes, 4);
        RequireBody(path, bytes.Length - 8L, count, $"{count} labels");
        return bytes[8..];
    }

    /// <summary>The file's content, decompressed when it is gzip.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException($"File '{path}' does not exist.");
        }

        var bytes = InputFile.ReadBytes(path, "Dataset file", long.MaxValue, line => new DatasetException(line));
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException exception)
        {
            throw new DatasetException(
                $"File '{path}' starts like gzip but cannot be decompressed (truncated or corrupt): {exception.Message}",
                exception);
        }
    }

    private static void RequireHeader(string path, byte[] bytes, int headerLength, int magic, string kind)
    {
        if (bytes.Length < headerLength)
        {
            throw new DatasetException(
                $"File '{path}' is truncated: {bytes.Length} bytes, too short for an IDX {kind} header of {headerLength} bytes.");
        }

        var actual = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (actual != magic)
        {
            throw new DatasetException(
                $"File '{path}' has bad magic number 0x{actual:x8}; IDX {kind} files start with 0x{magic:x8}.");
        }
    }

    private static int ReadDimension(string path, byte[] bytes, int offset)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
        if (value < 0)
        {
            throw new DatasetException($"File '{path}' has a negative dimension {value} in its header.");
        }

        return value;
    }

    private static void RequireBody(string path, long actual, long expected, string promised)
    {
        if (actual < expected)
        {
            throw new DatasetException(
                $"File '{path}' is truncated: its header promises {promised} ({expected} bytes) but only {actual} bytes follow.");
        }

        if (actual > expected)
        {
            throw new DatasetException(
                $"File '{path}' is longer than its header says: {promised} need {expected} bytes but {actual} follow.");
        }
    }
}
