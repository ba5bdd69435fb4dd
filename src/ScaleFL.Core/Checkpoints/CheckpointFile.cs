using System.Security.Cryptography;
using System.Text;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Checkpoints;

/// <summary>
/// Reads and writes checkpoint files: a magic tag, a format version, the header fields, the
/// weights (<see cref="WeightSetCodec"/>) and a SHA-256 of everything before it. Writes are
/// atomic (temporary file, flush to disk, rename), so a crash mid-write leaves the previous file
/// whole; a corrupt or truncated file is detected on read and named in the error.
/// </summary>
public static class CheckpointFile
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "SFLCKPT1"u8.ToArray();

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, Checkpoint checkpoint)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var body = Encode(checkpoint);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(body);
            stream.Write(SHA256.HashData(body));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads a checkpoint; throws <see cref="InvalidDataException"/> naming the file and the
    /// problem when it is missing, truncated, corrupt or of another format.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Checkpoint '{path}' does not exist.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + SHA256.HashSizeInBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"Checkpoint '{path}' is not a ScaleFL checkpoint (wrong header or too short).");
        }

        var body = bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes);
        var storedHash = bytes.AsSpan(bytes.Length - SHA256.HashSizeInBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(storedHash))
        {
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt or truncated (checksum mismatch).");
        }

        try
        {
            return Decode(body[Magic.Length..]);
        }
        catch (Exception error) when (error is EndOfStreamException or InvalidDataException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is unreadable: {error.Message}.", error);
        }
    }

    private static byte[] Encode(Checkpoint checkpoint)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(checkpoint.Model);
            writer.Write(checkpoint.Method);
            writer.Write(checkpoint.Round);
            writer.Write(checkpoint.Stage);
            WeightSetCodec.Write(writer, checkpoint.Weights);
        }

        return stream.ToArray();
    }

    private static Checkpoint Decode(ReadOnlySpan<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"format version {version}, this build reads {FormatVersion}");
        }

        var model = reader.ReadString();
        var method = reader.ReadString();
        var round = reader.ReadInt32();
        var stage = reader.ReadInt32();
        var weights = WeightSetCodec.Read(reader);
        return new Checkpoint(model, method, round, stage, weights);
    }
}
