using Akka.Actor;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class WeightMessageSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public WeightMessageSerializerTests()
        : base(TransportTestConfig.Local())
    {
    }

    [Fact]
    public void Pooled_bytes_equal_ToBinary_and_read_back_from_a_longer_array()
    {
        var message = TestMessageSerializer.Sample("pooled", megabytes: 1, arrays: 2);
        var serializer = (WeightMessageSerializer)Sys.Serialization.FindSerializerFor(message);

        using var pooled = serializer.ToPooled(message, TransferBufferPool.Of(Sys));
        var longer = new byte[pooled.Length + 100];
        pooled.Memory.CopyTo(longer);
        var copy = (TestWeightsMessage)serializer.FromBytes(longer, pooled.Length, "W");

        Assert.Equal(serializer.ToBinary(message), pooled.ToArray());
        Assert.Equal("pooled", copy.Label);
        Assert.Equal(message.Weights.Names, copy.Weights.Names);
    }

    [Fact]
    public void Bound_serializers_of_this_kind_are_found_by_id()
    {
        var bound = WeightMessageSerializer.BoundIn((ExtendedActorSystem)Sys);

        Assert.IsType<TestMessageSerializer>(bound[4199]);
        Assert.IsType<TransferSerializer>(bound[TransferSerializer.Id]);
    }
}
