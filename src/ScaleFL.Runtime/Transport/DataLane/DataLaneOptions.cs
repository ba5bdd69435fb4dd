using Akka.Configuration;

namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>
/// The data lane, read from <c>scalefl.transfer.data-lane</c>: a TCP connection beside
/// Akka.Remote that carries the bytes of big messages, while the offer, the ticket and the
/// confirmation travel as small Akka.Remote messages. See <c>cluster-config/transport.conf</c>.
/// </summary>
/// <param name="Enabled">Off: every big message goes in chunks through Akka.Remote.</param>
/// <param name="Port">Port to listen on; 0 lets the OS choose (fine where no firewall is in the way).</param>
/// <param name="StallTimeout">A connection that has not sent its whole header this long after
/// connecting, or later delivers less than <see cref="DataLaneWire.ProgressBytes"/> (or the rest)
/// in this long, is dropped on both ends.</param>
/// <param name="SocketBufferBytes">SO_SNDBUF / SO_RCVBUF of lane connections.</param>
/// <param name="ConnectTimeout">How long a sender tries to connect before it falls back to chunks.
/// A firewall that drops packets silently costs this once per <paramref name="RetryAfter"/>.</param>
/// <param name="RetryAfter">After a refused or failed lane, how long transfers to that node go in
/// chunks before the lane is offered again (a node restarted on the same address may have it back).</param>
public sealed record DataLaneOptions(bool Enabled, int Port, TimeSpan StallTimeout, int SocketBufferBytes, TimeSpan ConnectTimeout, TimeSpan RetryAfter)
{
    /// <summary>TLS on the lane's connections; null for plain TCP. Set from Akka.Remote's TLS settings, not from <c>data-lane</c>.</summary>
    public DataLaneTls? Tls { get; init; }

    /// <summary>On, OS-chosen port, 30 s stall timeout, 4 MiB socket buffers, 5 s to connect, retried after 2 min.</summary>
    public static DataLaneOptions Default { get; } = new(true, 0, TimeSpan.FromSeconds(30), 4 * 1024 * 1024, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2));

    /// <summary>Reads <c>data-lane</c> under <paramref name="transfer"/> (<c>scalefl.transfer</c>); defaults for missing keys.</summary>
    public static DataLaneOptions FromConfig(Config? transfer, TimeSpan stallTimeout)
    {
        var section = transfer?.GetConfig("data-lane");
        if (section is null || section.IsEmpty)
        {
            return Default with { StallTimeout = stallTimeout };
        }

        return new DataLaneOptions(
            section.GetBoolean("enabled", Default.Enabled),
            section.GetInt("port", Default.Port),
            stallTimeout,
            checked((int)(section.GetByteSize("socket-buffer-size", null) ?? Default.SocketBufferBytes)),
            section.GetTimeSpan("connect-timeout", Default.ConnectTimeout, allowInfinite: false),
            section.GetTimeSpan("retry-after", Default.RetryAfter, allowInfinite: false)).Validated();
    }

    /// <summary>Returns this instance, or throws naming the field and its allowed values.</summary>
    public DataLaneOptions Validated()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port (scalefl.transfer.data-lane.port) must be 0 .. 65535, got {Port}.");
        }

        if (SocketBufferBytes is < 4096 or > 256 * 1024 * 1024)
        {
            throw new ArgumentException($"SocketBufferBytes (scalefl.transfer.data-lane.socket-buffer-size) must be 4 KiB .. 256 MiB, got {SocketBufferBytes}.");
        }

        if (RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"RetryAfter (scalefl.transfer.data-lane.retry-after) must not be negative, got {RetryAfter}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ConnectTimeout (scalefl.transfer.data-lane.connect-timeout) must be positive, got {ConnectTimeout}.");
        }

        return this;
    }
}
