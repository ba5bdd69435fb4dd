using System.Buffers;
using Akka.Actor;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// The arrays big messages are serialized into, received into and reassembled in. A 44 MB update
/// written into a fresh array costs its zeroing and a page fault per 4 KiB on top of the copy;
/// a reused one costs only the copy. Kept per power-of-two size, at most
/// <see cref="BuffersPerSize"/> of each (the runtime's threads rent and return them in any
/// order, so the pool is not per thread); 0 keeps none, for devices whose memory is the point.
/// Read from <c>scalefl.transfer.pooled-buffers-per-size</c>; one per ActorSystem.
/// </summary>
public sealed class TransferBufferPool
{
    // The largest message the transport takes is an int-sized array.
    private const int MaxPooledLength = 1 << 30;

    private readonly ArrayPool<byte>? pool;

    public TransferBufferPool(int buffersPerSize)
    {
        BuffersPerSize = buffersPerSize >= 0
            ? buffersPerSize
            : throw new ArgumentException($"BuffersPerSize (scalefl.transfer.pooled-buffers-per-size) must not be negative, got {buffersPerSize}.");
        pool = buffersPerSize > 0 ? ArrayPool<byte>.Create(MaxPooledLength, buffersPerSize) : null;
    }

    /// <summary>A pool that keeps nothing: every buffer is a fresh array left to the collector.</summary>
    public static TransferBufferPool None { get; } = new(0);

    public int BuffersPerSize { get; }

    /// <summary>The pool of <paramref name="system"/>, made on first use from its configuration.</summary>
    public static TransferBufferPool Of(ActorSystem system) => system.WithExtension<TransferBuffers, TransferBuffersProvider>().Pool;

    /// <summary><paramref name="length"/> bytes whose contents are undefined, given back on dispose.</summary>
    internal PooledBytes Rent(int length) => new(Take(length), length, this);

    internal byte[] Take(int length) => pool is not null && length <= MaxPooledLength
        ? pool.Rent(length)
        : GC.AllocateUninitializedArray<byte>(length);

    internal void Give(byte[] array)
    {
        if (pool is not null && array.Length <= MaxPooledLength)
        {
            pool.Return(array);
        }
    }
}

/// <summary>Akka extension holding a system's <see cref="TransferBufferPool"/>.</summary>
public sealed class TransferBuffers(TransferBufferPool pool) : IExtension
{
    public TransferBufferPool Pool { get; } = pool;
}

/// <summary>Akka extension id of <see cref="TransferBuffers"/>.</summary>
public sealed class TransferBuffersProvider : ExtensionIdProvider<TransferBuffers>
{
    /// <inheritdoc />
    public override TransferBuffers CreateExtension(ExtendedActorSystem system) =>
        new(new TransferBufferPool(system.Settings.Config.GetInt("scalefl.transfer.pooled-buffers-per-size", 2)));
}
