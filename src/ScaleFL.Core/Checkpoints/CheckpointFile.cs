using System.Security.Cryptography;
using System.Text;
using ScaleFL.Core.Files;
using ScaleFL.Core.Methods;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Checkpoints;

/// <summary>
/// Reads and writes checkpoint files: a magic tag, a format version, the header fields, the
/// weights (<see cref="WeightSetCodec"/>) and a SHA-256 of everything before it. Writes are
/// atomic (<see cref="AtomicFile"/>: temporary file, flush to disk, rename), so a crash mid-write leaves the previous file
/// whole; a corrupt or truncated file is detected on read and named in the error. Format 2 adds
/// the schedule history and the versions after the weights, format 3 the experiment fingerprint;
/// format 1 and 2 files still load.
/// </summary>
public static class CheckpointFile
{
    private const int FormatVersion = 3;
    private static readonly byte[] Magic = "SFLCKPT1"u8.ToArray();

    /// <summary>
    /// Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically (<see cref="AtomicFile"/>);
    /// throws <see cref="OutputWriteException"/> naming the file when it cannot be written.
    /// </summary>
    public static void Save(string path, Checkpoint checkpoint) => Write(path, checkpoint, previousPath: null);

    /// <summary>Where <see cref="SaveKeepingPrevious"/> keeps the checkpoint before <paramref name="path"/>: <c>x.prev.ckpt</c> beside <c>x.ckpt</c>.</summary>
    public static string PreviousPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, $"{Path.GetFileNameWithoutExtension(path)}.prev{Path.GetExtension(path)}");

    /// <summary>
    /// Saves <paramref name="checkpoint"/> to <paramref name="path"/> and keeps the file it replaces
    /// at <see cref="PreviousPath"/>, so the last two good checkpoints survive a write that goes
    /// wrong. The new content is on disk before either file is renamed: a failed write leaves both
    /// files as they were.
    /// </summary>
    public static void SaveKeepingPrevious(string path, Checkpoint checkpoint) => Write(path, checkpoint, PreviousPath(path));

    /// <summary>
    /// Loads <paramref name="path"/>, or, when it is missing, corrupt or truncated, the previous
    /// checkpoint beside it; <paramref name="warn"/> receives one line saying why the latest was
    /// passed over. Throws <see cref="InvalidDataException"/> naming both files when neither loads.
    /// </summary>
    public static Checkpoint LoadLatestGood(string path, Action<string>? warn = null)
    {
        try
        {
            return Load(path);
        }
        catch (InvalidDataException latest)
        {
            var previous = PreviousPath(path);
            if (!InputFile.IsPresent(previous))
            {
                throw;
            }

            Checkpoint fallback;
            try
            {
                fallback = Load(previous);
            }
            catch (InvalidDataException older)
            {
                throw new InvalidDataException($"No usable checkpoint: {latest.Message} {older.Message}", older);
            }

            // Said only once the previous one loaded: a warning that promises a fallback and then fails reads as two contradicting lines.
            warn?.Invoke($"{latest.Message} Using the previous checkpoint '{previous}'.");
            return fallback;
        }
    }

    /// <summary>
    /// Reads a checkpoint; throws <see cref="InvalidDataException"/> naming the file and the
    /// problem when it is missing, truncated, corrupt or of another format.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        // Through InputFile: a pipe in its place is refused, not waited on; a device is not read to the end of memory.
        var bytes = InputFile.ReadBytes(path, "Checkpoint", long.MaxValue, line => new InvalidDataException(line));
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

    private static void Write(string path, Checkpoint checkpoint, string? previousPath)
    {
        var body = Encode(checkpoint);
        AtomicFile.Write(
            path,
            stream =>
            {
                stream.Write(body);
                stream.Write(SHA256.HashData(body));
            },
            previousPath);
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
            writer.Write(checkpoint.History.Count);
            foreach (var record in checkpoint.History)
            {
                writer.Write(record.Round);
                writer.Write(record.Stage);
                writer.Write(record.Accuracy);
            }

            writer.Write(checkpoint.ModelVersion);
            writer.Write(checkpoint.BlockVersions.Count);
            foreach (var (block, version) in checkpoint.BlockVersions.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.Write(block);
                writer.Write(version);
            }

            writer.Write(checkpoint.Fingerprint);
        }

        return stream.ToArray();
    }

    private static Checkpoint Decode(ReadOnlySpan<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadInt32();
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"format version {version}, this build reads {FormatVersion}");
        }

        var model = reader.ReadString();
        var method = reader.ReadString();
        var round = reader.ReadInt32();
        var stage = reader.ReadInt32();
        var weights = WeightSetCodec.Read(reader);
        var checkpoint = new Checkpoint(model, method, round, stage, weights);
        if (version == 1)
        {
            return checkpoint;
        }

        var history = new RoundRecord[reader.ReadInt32()];
        for (var i = 0; i < history.Length; i++)
        {
            history[i] = new RoundRecord(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble());
        }

        var modelVersion = reader.ReadInt32();
        var blocks = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            blocks[reader.ReadString()] = reader.ReadInt32();
        }

        var fingerprint = version >= 3 ? reader.ReadString() : string.Empty;
        return checkpoint with { History = history, ModelVersion = modelVersion, BlockVersions = blocks, Fingerprint = fingerprint };
    }
}
