namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Bytes in an array taken from a <see cref="TransferBufferPool"/> and given back on
/// <see cref="Dispose"/>. The array may be longer than <see cref="Length"/>.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private readonly TransferBufferPool owner;
    private byte[]? array;

    internal PooledBytes(byte[] array, int length, TransferBufferPool owner)
    {
        this.array = array;
        this.owner = owner;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The array; longer than <see cref="Length"/>, and not valid after <see cref="Dispose"/>.</summary>
    public byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBytes));

    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public byte[] ToArray() => Memory.ToArray();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } taken)
        {
            owner.Give(taken);
        }
    }
}
