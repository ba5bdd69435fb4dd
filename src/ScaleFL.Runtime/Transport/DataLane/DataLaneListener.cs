using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using static ScaleFL.Runtime.Transport.DataLane.DataLaneWire;

namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>
/// Receiving socket of the data lane. The inbox announces each transfer it accepted with
/// <see cref="Expect"/>; a connection that presents that transfer's ticket has its bytes read
/// straight into one array of the announced size, which is handed to the inbox. A connection
/// with an unknown, used or mismatched ticket is answered with a status and closed, so the port
/// accepts nothing the cluster did not first agree to over Akka.Remote.
/// Unauthenticated bytes are bounded in time and number: a connection must present its whole
/// header within the stall timeout (one byte every 20 s does not keep it open), and when
/// <see cref="MaxHandshaking"/> connections are still in that phase, a new one closes the oldest,
/// so idle connections can never lock honest senders out of the lane.
/// </summary>
internal sealed class DataLaneListener : IDisposable
{
    /// <summary>Connections that have not yet presented a valid ticket, at most; beyond it the oldest is closed.</summary>
    public const int MaxHandshaking = 64;

    private readonly Socket listener;
    private readonly DataLaneOptions options;
    private readonly TransferBufferPool buffers;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<Guid, Expected> expected = new();
    private readonly LinkedList<CancellationTokenSource> handshaking = new();
    private readonly CancellationTokenSource shutdown = new();

    /// <summary>Binds and starts accepting. <paramref name="clock"/> times the stall timeouts (default: the system clock).</summary>
    public DataLaneListener(IPAddress bindAddress, DataLaneOptions options, TransferBufferPool? buffers = null, TimeProvider? clock = null)
    {
        this.options = options;
        this.clock = clock ?? TimeProvider.System;
        this.buffers = buffers ?? TransferBufferPool.None;
        listener = new Socket(bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(bindAddress, options.Port));
            listener.Listen(MaxHandshaking);
        }
        catch (SocketException error)
        {
            listener.Dispose();
            throw Cluster.NodeBindException.ForDataLane(error, bindAddress.ToString(), options.Port);
        }

        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>The port bound; the one configured, or the one the OS chose for port 0.</summary>
    public int Port { get; }

    /// <summary>Connections accepted that have not yet presented a valid ticket.</summary>
    public int Handshaking
    {
        get
        {
            lock (handshaking)
            {
                return handshaking.Count;
            }
        }
    }

    /// <summary>
    /// Admits one connection presenting <paramref name="ticket"/> with exactly
    /// <paramref name="length"/> bytes. Exactly one of the callbacks runs, on a pool thread,
    /// unless <see cref="Forget"/> comes first.
    /// </summary>
    public void Expect(Guid ticket, long length, Action<PooledBytes> received, Action<string> failed)
    {
        if (!expected.TryAdd(ticket, new Expected(ticket, length, received, failed, CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token))))
        {
            throw new InvalidOperationException($"Data-lane ticket {ticket} is already expected.");
        }
    }

    /// <summary>Whether a connection has presented <paramref name="ticket"/> and is still reading its bytes.</summary>
    public bool IsReceiving(Guid ticket) => expected.TryGetValue(ticket, out var entry) && Volatile.Read(ref entry.Claimed) == 1;

    /// <summary>Withdraws a ticket; a reception in progress on it is cancelled and reports nothing.</summary>
    public void Forget(Guid ticket)
    {
        if (expected.TryRemove(ticket, out var entry))
        {
            entry.Silenced = true;
            entry.Cancel.Cancel();
            if (Interlocked.Exchange(ref entry.Claimed, 1) == 0)
            {
                // No connection holds it; otherwise that connection disposes it when it ends.
                entry.Cancel.Dispose();
            }
        }
    }

    public void Dispose()
    {
        shutdown.Cancel();
        listener.Dispose();
        foreach (var ticket in expected.Keys)
        {
            Forget(ticket);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!shutdown.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (shutdown.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = ServeAsync(socket, Admit());
        }
    }

    /// <summary>A handshake deadline for a new connection, closing the oldest unauthenticated one when too many are open.</summary>
    private LinkedListNode<CancellationTokenSource> Admit()
    {
        var deadline = new CancellationTokenSource(options.StallTimeout, clock);
        lock (handshaking)
        {
            if (handshaking.Count >= MaxHandshaking)
            {
                var oldest = handshaking.First!;
                handshaking.RemoveFirst();
                oldest.Value.Cancel();
            }

            return handshaking.AddLast(deadline);
        }
    }

    /// <summary>Ends the handshake phase of a connection (it presented a ticket, or it ended).</summary>
    private void Release(LinkedListNode<CancellationTokenSource> handshake)
    {
        lock (handshaking)
        {
            if (handshake.List is not null)
            {
                handshaking.Remove(handshake);
            }
        }
    }

    private async Task ServeAsync(Socket socket, LinkedListNode<CancellationTokenSource> handshake)
    {
        Expected? claimed = null;
        PooledBytes? bytes = null;
        using var deadline = handshake.Value;
        using var unauthenticated = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token, deadline.Token);
        try
        {
            socket.NoDelay = true;
            socket.ReceiveBufferSize = options.SocketBufferBytes;
            // The TLS handshake is unauthenticated work too: it runs under the handshake deadline.
            await using var stream = options.Tls is { } tls
                ? await tls.AcceptAsync(new NetworkStream(socket, ownsSocket: false), unauthenticated.Token).ConfigureAwait(false)
                : new NetworkStream(socket, ownsSocket: false);
            var header = new byte[HeaderBytes];
            // The magic first: a stray client (a port scan, an HTTP probe) is turned away at once.
            await ReadExactlyAsync(stream, header.AsMemory(0, MagicBytes), options.StallTimeout, clock, unauthenticated.Token).ConfigureAwait(false);
            CheckMagic(header);
            await ReadExactlyAsync(stream, header.AsMemory(MagicBytes), options.StallTimeout, clock, unauthenticated.Token).ConfigureAwait(false);
            var (ticket, length) = ParseHeader(header);
            Release(handshake);
            if (!expected.TryGetValue(ticket, out claimed) || Interlocked.Exchange(ref claimed.Claimed, 1) == 1)
            {
                claimed = null;
                await AnswerAsync(stream, Status.UnknownTicket).ConfigureAwait(false);
                return;
            }

            if (length != claimed.Length)
            {
                await AnswerAsync(stream, Status.WrongLength).ConfigureAwait(false);
                throw new InvalidDataException($"the sender announced {length} bytes on the lane, {claimed.Length} over Akka.Remote");
            }

            bytes = buffers.Rent(checked((int)length));
            await AnswerAsync(stream, Status.Ready).ConfigureAwait(false);
            await ReadExactlyAsync(stream, bytes.Array.AsMemory(0, bytes.Length), options.StallTimeout, clock, claimed.Cancel.Token).ConfigureAwait(false);
            await AnswerAsync(stream, Status.Received).ConfigureAwait(false);
            if (expected.TryRemove(ticket, out _))
            {
                claimed.Received(bytes);
                bytes = null;
            }
        }
        catch (Exception error)
        {
            if (claimed is not null && !claimed.Silenced && !shutdown.IsCancellationRequested)
            {
                expected.TryRemove(claimed.Ticket, out _);
                claimed.Failed(error is OperationCanceledException ? $"less than {ProgressBytes} bytes in {options.StallTimeout}" : error.Message);
            }
        }
        finally
        {
            // Unless handed over, a reception's buffer goes back to the pool.
            bytes?.Dispose();
            claimed?.Cancel.Dispose();
            Release(handshake);
            socket.Dispose();
        }
    }

    private async Task AnswerAsync(Stream stream, Status status)
    {
        await stream.WriteAsync(new[] { (byte)status }, shutdown.Token).ConfigureAwait(false);
    }

    private sealed class Expected(Guid ticket, long length, Action<PooledBytes> received, Action<string> failed, CancellationTokenSource cancel)
    {
        public Guid Ticket { get; } = ticket;

        public long Length { get; } = length;

        public Action<PooledBytes> Received { get; } = received;

        public Action<string> Failed { get; } = failed;

        public CancellationTokenSource Cancel { get; } = cancel;

        public int Claimed;

        public volatile bool Silenced;
    }
}
