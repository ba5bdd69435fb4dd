using System.Buffers.Binary;
using System.Text;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Weights;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-st-").FullName;

    private static WeightSet Sample { get; } = new(
    [
        new NamedArray("blocks.0.conv.weight", [2, 1, 1, 2], [1.5f, -2f, float.Epsilon, 3.25e7f]),
        new NamedArray("outputs.0.fc.bias", [3], [0.1f, 0.2f, -0.3f]),
        new NamedArray("blocks.0.bn.running_var", [], [4f]),
    ]);

    [Fact]
    public void Export_then_import_gives_identical_weights_and_metadata()
    {
        var path = Path.Combine(directory, "model.safetensors");

        SafetensorsFile.Write(path, Sample, new Dictionary<string, string> { ["model"] = "small-resnet", ["round"] = "7" });
        var (weights, metadata) = SafetensorsFile.Read(path);

        Assert.Equal(Sample.Names, weights.Names);
        Assert.All(Sample, array =>
        {
            Assert.Equal(array.Shape, weights[array.Name].Shape);
            Assert.Equal(array.Values, weights[array.Name].Values);
        });
        Assert.Equal("small-resnet", metadata["model"]);
        Assert.Equal("7", metadata["round"]);
    }

    [Fact]
    public void Written_file_has_the_layout_pytorch_reads()
    {
        var path = Path.Combine(directory, "layout.safetensors");

        SafetensorsFile.Write(path, new WeightSet([new NamedArray("w", [2], [1f, -2f])]));
        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd();

        Assert.Equal(0, (8 + headerLength) % 8);
        Assert.Equal("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        Assert.Equal([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0], bytes[(8 + headerLength)..]);
    }

    [Theory]
    [InlineData("length", "header length")]
    [InlineData("json", "not valid JSON")]
    [InlineData("offsets", "'w' has data_offsets outside")]
    [InlineData("dtype", "'w' has dtype 'F16'")]
    [InlineData("short", "fewer than the 8")]
    public void Malformed_file_is_an_error_naming_the_problem(string damage, string expected)
    {
        var path = Path.Combine(directory, $"{damage}.safetensors");
        File.WriteAllBytes(path, damage switch
        {
            "length" => Bytes(1000, "{}"),
            "json" => Bytes(null, "{\"w\":"),
            "offsets" => Bytes(null, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8),
            "dtype" => Bytes(null, "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
            _ => [1, 2, 3],
        });

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static byte[] Bytes(ulong? declaredLength, string header, int dataBytes = 0)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
