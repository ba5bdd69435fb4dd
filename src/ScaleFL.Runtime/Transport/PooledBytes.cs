using System.Buffers;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>, returned on
/// <see cref="Dispose"/>. A 44 MB update written into, or read into, a fresh array costs its
/// zeroing and a page fault per 4 KiB on top of the copy; a reused array costs only the copy.
/// The shared pool gives its arrays back to the collector under memory pressure.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? array;

    private PooledBytes(byte[] array, int length)
    {
        this.array = array;
        Length = length;
    }

    public int Length { get; private set; }

    /// <summary>The rented array; longer than <see cref="Length"/>, and not valid after <see cref="Dispose"/>.</summary>
    public byte[] Array => array ?? throw new ObjectDisposedException(nameof(PooledBytes));

    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    /// <summary>An array of at least <paramref name="length"/> bytes, whose contents are undefined.</summary>
    public static PooledBytes Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    /// <summary>Keeps the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = length <= Length ? length : throw new ArgumentOutOfRangeException(nameof(length));

    /// <summary>
    /// Grows to <paramref name="length"/> bytes, keeping the first <paramref name="keep"/>, by
    /// renting a bigger array when this one is too short.
    /// </summary>
    public void Grow(int length, int keep)
    {
        var current = Array;
        if (length > current.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(length);
            current.AsSpan(0, keep).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(current);
            array = bigger;
        }

        Length = length;
    }

    public byte[] ToArray() => Memory.ToArray();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref array, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
