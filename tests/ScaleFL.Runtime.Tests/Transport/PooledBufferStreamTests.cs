using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class PooledBufferStreamTests
{
    [Fact]
    public void Writes_past_the_initial_capacity_keep_every_byte_in_order()
    {
        var expected = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31)).ToArray();
        using var stream = new PooledBufferStream(300, new TransferBufferPool(2));

        for (var offset = 0; offset < expected.Length; offset += 777)
        {
            stream.Write(expected.AsSpan(offset, Math.Min(777, expected.Length - offset)));
        }

        stream.WriteByte(42);
        using var written = stream.Detach();
        Assert.Equal(expected.Length + 1, written.Length);
        Assert.Equal([.. expected, (byte)42], written.ToArray());
        Assert.True(written.Array.Length >= written.Length);
    }

    [Fact]
    public void Detached_bytes_belong_to_the_caller_and_the_stream_is_done()
    {
        var stream = new PooledBufferStream(16, TransferBufferPool.None);
        stream.Write([1, 2, 3]);

        using var written = stream.Detach();
        stream.Dispose();

        Assert.Equal(new byte[] { 1, 2, 3 }, written.Memory.ToArray());
        Assert.Throws<ObjectDisposedException>(() => stream.Write([4]));
    }

    [Fact]
    public void Disposed_pooled_bytes_refuse_further_use()
    {
        var bytes = new TransferBufferPool(2).Rent(100);

        bytes.Dispose();
        bytes.Dispose();

        Assert.Throws<ObjectDisposedException>(() => bytes.Array);
    }
}
