namespace ScaleFL.Runtime.Transport;

/// <summary>A write-only stream into an array of a <see cref="TransferBufferPool"/>; <see cref="Detach"/> hands the bytes over.</summary>
internal sealed class PooledBufferStream(int capacity, TransferBufferPool pool) : Stream
{
    private byte[]? buffer = pool.Take(Math.Max(capacity, 256));
    private int position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => position;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes written; the caller owns and disposes them, and this stream is done.</summary>
    public PooledBytes Detach()
    {
        var written = buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        buffer = null;
        return new PooledBytes(written, position, pool);
    }

    public override void Write(byte[] source, int offset, int count) => Write(source.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        var target = buffer ?? throw new ObjectDisposedException(nameof(PooledBufferStream));
        var end = checked(position + source.Length);
        if (end > target.Length)
        {
            var bigger = pool.Take(Math.Max(end, (int)Math.Min(Array.MaxLength, 2L * target.Length)));
            target.AsSpan(0, position).CopyTo(bigger);
            pool.Give(target);
            buffer = target = bigger;
        }

        source.CopyTo(target.AsSpan(position));
        position = end;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer is not null)
        {
            pool.Give(buffer);
            buffer = null;
        }

        base.Dispose(disposing);
    }
}
