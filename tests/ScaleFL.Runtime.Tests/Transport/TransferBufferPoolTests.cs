using Akka.Configuration;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class TransferBufferPoolTests
{
    [Fact]
    public async Task An_array_given_back_on_another_thread_is_reused()
    {
        var pool = new TransferBufferPool(2);
        var first = pool.Rent(44_000_000);
        var array = first.Array;

        await Task.Run(first.Dispose);
        using var second = pool.Rent(40_000_000);

        Assert.Same(array, second.Array);
        Assert.Equal(40_000_000, second.Length);
    }

    [Fact]
    public void A_pool_of_size_zero_keeps_nothing()
    {
        var first = TransferBufferPool.None.Rent(1_000_000);
        var array = first.Array;
        first.Dispose();

        using var second = TransferBufferPool.None.Rent(1_000_000);

        Assert.NotSame(array, second.Array);
        Assert.Equal(1_000_000, second.Array.Length);
    }

    [Fact]
    public void A_negative_size_names_its_key()
    {
        var error = Assert.Throws<ArgumentException>(() => new TransferBufferPool(-1));

        Assert.Contains("scalefl.transfer.pooled-buffers-per-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_system_reads_its_own_setting()
    {
        using var tight = Akka.Actor.ActorSystem.Create("tight", ConfigurationFactory.ParseString("scalefl.transfer.pooled-buffers-per-size = 0"));
        using var roomy = Akka.Actor.ActorSystem.Create("roomy", TransportConfig.Default);

        Assert.Equal(0, TransferBufferPool.Of(tight).BuffersPerSize);
        Assert.Equal(2, TransferBufferPool.Of(roomy).BuffersPerSize);
        Assert.Same(TransferBufferPool.Of(roomy), TransferBufferPool.Of(roomy));
    }
}
