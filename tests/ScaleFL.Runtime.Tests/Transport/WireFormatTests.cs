using System.Text;
using ScaleFL.Core.Weights;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class WireFormatTests
{
    [Fact]
    public void Record_fields_read_back_in_the_order_they_were_written()
    {
        var weights = new WeightSet([new NamedArray("blocks.0.weight", [2, 2], [1f, -2f, 3.5f, float.Epsilon])]);
        var id = Guid.NewGuid();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            WireFormat.WriteGuid(writer, id);
            WireFormat.WriteWeights(writer, weights);
            WireFormat.WriteOptionalWeights(writer, null);
            WireFormat.WriteInts(writer, [3, -1]);
            WireFormat.WriteFloats(writer, [0.25f]);
            WireFormat.WriteStrings(writer, ["a", ""]);
            WireFormat.WriteBytes(writer, [9, 8]);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream, Encoding.UTF8);

        Assert.Equal(id, WireFormat.ReadGuid(reader));
        var copy = WireFormat.ReadWeights(reader);
        Assert.Equal([2L, 2L], copy["blocks.0.weight"].Shape);
        Assert.Equal([1f, -2f, 3.5f, float.Epsilon], copy["blocks.0.weight"].Values);
        Assert.Null(WireFormat.ReadOptionalWeights(reader));
        Assert.Equal([3, -1], WireFormat.ReadInts(reader));
        Assert.Equal([0.25f], WireFormat.ReadFloats(reader));
        Assert.Equal(["a", ""], WireFormat.ReadStrings(reader));
        Assert.Equal([9, 8], WireFormat.ReadBytes(reader));
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void Length_longer_than_the_remaining_data_is_rejected_before_allocating()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(int.MaxValue);
            writer.Write(1f);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream, Encoding.UTF8);

        Assert.Throws<InvalidDataException>(() => WireFormat.ReadFloats(reader));
    }
}
