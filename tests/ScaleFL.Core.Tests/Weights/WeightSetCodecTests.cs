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

    [Theory]
    [InlineData(new long[] { 3, 3 }, "(9 values) but 4 values")]
    [InlineData(new long[] { -2, -2 }, "not a valid shape")]
    [InlineData(new long[] { 1L << 40, 1L << 40 }, "not a valid shape")]
    public void A_shape_that_does_not_describe_the_values_is_refused(long[] shape, string expected)
    {
        // Written by hand: a WeightSet would not hold such an array, but bytes from the wire can say anything.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1);
            writer.Write("w");
            writer.Write(shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write(dimension);
            }

            writer.Write(4);
            writer.Write(new byte[4 * sizeof(float)]);
        }

        var bytes = stream.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => WeightSetCodec.FromBytes(bytes));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
