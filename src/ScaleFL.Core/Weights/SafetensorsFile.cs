using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Weights;

/// <summary>
/// Reads and writes the safetensors format, which PyTorch users load with
/// <c>safetensors.torch.load_file</c>: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian data. Only
/// float32 tensors are written or read. Tensor names are ours (<c>blocks.k.*</c>,
/// <c>outputs.k.*</c>); string metadata goes under <c>__metadata__</c>.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    // The reference implementation refuses headers above 100 MB; so do we, before allocating.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="weights"/> and <paramref name="metadata"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, WeightSet weights, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header[MetadataKey] = new JsonObject(metadata.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
        }

        var offset = 0L;
        foreach (var array in weights)
        {
            header[array.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray([.. array.Shape.Select(d => (JsonNode?)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + array.ByteCount),
            };
            offset += array.ByteCount;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Padding the header with spaces keeps the data 8-byte aligned, as the reference writer does.
        var padded = (json.Length + 7) / 8 * 8;
        Files.AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(json);
            stream.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
            foreach (var array in weights)
            {
                var bytes = new byte[array.ByteCount];
                for (var i = 0; i < array.Values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), array.Values[i]);
                }

                stream.Write(bytes);
            }
        });
    }

    /// <summary>
    /// Reads a file written by <see cref="Write"/> or by PyTorch's safetensors (float32 tensors
    /// only). Throws <see cref="InvalidDataException"/> naming the file, and the tensor where
    /// there is one, when the file is malformed.
    /// </summary>
    public static (WeightSet Weights, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        var bytes = InputFile.ReadBytes(path, "Safetensors file", long.MaxValue, line => new InvalidDataException(line));
        if (bytes.Length < 8)
        {
            throw Malformed(path, $"it has {bytes.Length} bytes, fewer than the 8 of the header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw Malformed(path, $"the header length {headerLength} exceeds the file's {bytes.Length - 8} remaining bytes");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw Malformed(path, "the header is not a JSON object");
        }
        catch (JsonException error)
        {
            throw Malformed(path, $"the header is not valid JSON ({error.Message})");
        }

        var data = bytes.AsSpan(8 + (int)headerLength);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var arrays = new List<(long Start, NamedArray Array)>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                foreach (var (key, value) in node as JsonObject ?? [])
                {
                    metadata[key] = value?.ToString() ?? string.Empty;
                }

                continue;
            }

            var (start, array) = ReadTensor(path, name, node, data);
            arrays.Add((start, array));
        }

        return (new WeightSet(arrays.OrderBy(entry => entry.Start).Select(entry => entry.Array)), metadata);
    }

    private static (long Start, NamedArray Array) ReadTensor(string path, string name, JsonNode? node, ReadOnlySpan<byte> data)
    {
        try
        {
            var dtype = node?["dtype"]?.GetValue<string>();
            if (dtype != "F32")
            {
                throw Malformed(path, $"tensor '{name}' has dtype '{dtype}'; only F32 is supported (convert with tensor.float())");
            }

            var shape = node!["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray()
                ?? throw Malformed(path, $"tensor '{name}' has no shape");
            var offsets = node["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets is not [var start, var end] || start < 0 || end < start || end > data.Length)
            {
                throw Malformed(path, $"tensor '{name}' has data_offsets outside the {data.Length} data bytes");
            }

            var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
            if (shape.Any(d => d < 0) || count * sizeof(float) != end - start)
            {
                throw Malformed(path, $"tensor '{name}' has shape [{string.Join(",", shape)}] but {end - start} bytes");
            }

            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice((int)start + (i * sizeof(float))));
            }

            return (start, new NamedArray(name, shape, values));
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException)
        {
            throw Malformed(path, $"tensor '{name}' has a malformed entry ({error.Message})");
        }
    }

    private static InvalidDataException Malformed(string path, string problem) =>
        new($"Safetensors file '{path}' is malformed: {problem}.");
}
