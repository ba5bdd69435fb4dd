using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Weights;

public class WeightSetCodecTests
{
    private static readonly WeightSet Sample = new(
    [
        new NamedArray("blocks.0.conv.weight", [2, 1, 1, 2], [1f, -2f, 3.5f, float.Epsilon]),
        new NamedArray("blocks.0.bn.running_mean", [2], [0.25f, 0.75f]),
        new NamedArray("scalar", [], [42f]),
    ]);

    [Fact]
    public void Encoding_round_trips_names_shapes_and_values_exactly()
    {
        var decoded = WeightSetCodec.FromBytes(WeightSetCodec.ToBytes(Sample));

        Assert.Equal(Sample.Names, decoded.Names);
        foreach (var array in Sample)
        {
            Assert.Equal(array.Shape, decoded[array.Name].Shape);
            Assert.Equal(array.Values, decoded[array.Name].Values);
        }
    }

    [Fact]
    public void Truncated_bytes_give_a_clear_error()
    {
        var bytes = WeightSetCodec.ToBytes(Sample);

        var error = Assert.Throws<InvalidDataException>(() => WeightSetCodec.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));

        Assert.Contains("shorter", error.Message, StringComparison.Ordinal);
    }
}
