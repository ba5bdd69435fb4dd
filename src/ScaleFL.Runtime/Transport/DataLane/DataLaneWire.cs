using System.Buffers.Binary;

namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>
/// What travels on a data-lane connection. The sender writes a fixed header (magic, version, the
/// one-use ticket the receiving inbox handed out over Akka.Remote, the byte count); the receiver
/// answers one status byte, <see cref="Status.Ready"/> or why not, so a refused sender learns
/// the reason instead of writing megabytes into a closed socket; then the sender writes the
/// serialized message and the receiver answers <see cref="Status.Received"/> once every byte
/// has arrived.
/// </summary>
internal static class DataLaneWire
{
    public const int MagicBytes = 4;

    public const int HeaderBytes = MagicBytes + 1 + 16 + 8;

    /// <summary>"SFLL": a stray client (a port scanner, an HTTP probe) is told apart at once.</summary>
    private const uint Magic = 0x5346_4C4C;

    private const byte Version = 1;

    /// <summary>The status byte the receiver answers.</summary>
    public enum Status : byte
    {
        Ready = 0,
        Received = 1,
        UnknownTicket = 2,
        WrongLength = 3,
    }

    /// <summary>Reads the peer's status byte; anything but <paramref name="expected"/> is an error naming it.</summary>
    public static async Task ExpectStatusAsync(Stream stream, Status expected, TimeSpan stall, CancellationToken cancel)
    {
        var answer = new byte[1];
        await ReadExactlyAsync(stream, answer, stall, TimeProvider.System, cancel).ConfigureAwait(false);
        if ((Status)answer[0] != expected)
        {
            throw new IOException($"the receiver answered {(Status)answer[0]}");
        }
    }

    public static byte[] Header(Guid ticket, long length)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, Magic);
        header[4] = Version;
        ticket.TryWriteBytes(header.AsSpan(5, 16));
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(21), length);
        return header;
    }

    /// <summary>Throws unless the header starts with the lane's magic; readable from its first <see cref="MagicBytes"/>.</summary>
    public static void CheckMagic(ReadOnlySpan<byte> header)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(header) != Magic)
        {
            throw new InvalidDataException("not a ScaleFL data-lane connection (bad magic)");
        }
    }

    /// <summary>The ticket and byte count of a header, or an error naming what is wrong with it.</summary>
    public static (Guid Ticket, long Length) ParseHeader(ReadOnlySpan<byte> header)
    {
        CheckMagic(header);
        if (header[4] != Version)
        {
            throw new InvalidDataException($"data-lane version {header[4]}, this node speaks {Version}");
        }

        return (new Guid(header.Slice(5, 16)), BinaryPrimitives.ReadInt64BigEndian(header[21..]));
    }

    /// <summary>
    /// Bytes a connection must deliver within each stall timeout (or all that remain, if fewer):
    /// a peer that trickles one byte at a time cannot hold a connection past the timeout, while
    /// any real link (2 KiB/s at the default 30 s) is far above it.
    /// </summary>
    public const int ProgressBytes = 64 * 1024;

    /// <summary>
    /// Reads exactly <paramref name="buffer"/>'s length. Each step of <see cref="ProgressBytes"/>
    /// (or the rest) must arrive within <paramref name="stall"/> on <paramref name="clock"/>, else the read is cancelled.
    /// </summary>
    public static async Task ReadExactlyAsync(Stream stream, Memory<byte> buffer, TimeSpan stall, TimeProvider clock, CancellationToken cancel)
    {
        using var watchdog = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, watchdog.Token);
        var owed = 0;
        while (buffer.Length > 0)
        {
            if (owed <= 0)
            {
                owed = Math.Min(buffer.Length, ProgressBytes);
                watchdog.CancelAfter(stall);
            }

            var read = await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"the connection closed with {buffer.Length} bytes still to come");
            }

            owed -= read;
            buffer = buffer[read..];
        }
    }

    /// <summary>Writes all of <paramref name="buffer"/>; a stall longer than <paramref name="stall"/> cancels.</summary>
    public static async Task WriteAllAsync(Stream stream, ReadOnlyMemory<byte> buffer, TimeSpan stall, CancellationToken cancel)
    {
        // Slices bound how long one send may take, so the stall watchdog measures progress, not the whole message.
        const int Slice = 4 * 1024 * 1024;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        while (buffer.Length > 0)
        {
            watchdog.CancelAfter(stall);
            var slice = Math.Min(Slice, buffer.Length);
            await stream.WriteAsync(buffer[..slice], watchdog.Token).ConfigureAwait(false);
            buffer = buffer[slice..];
        }
    }
}
