using System.Net.Sockets;
using static ScaleFL.Runtime.Transport.DataLane.DataLaneWire;

namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>Sending side of the data lane: one connection per transfer, closed once the receiver confirms.</summary>
internal static class DataLaneSender
{
    /// <summary>
    /// Streams <paramref name="bytes"/> to the lane at <paramref name="host"/>:<paramref name="port"/>
    /// under <paramref name="ticket"/> and waits for the receiver's confirmation. Throws
    /// <see cref="IOException"/> naming what failed: the connection, a stall, or the receiver's refusal.
    /// </summary>
    public static async Task SendAsync(string host, int port, Guid ticket, ReadOnlyMemory<byte> bytes, DataLaneOptions options, CancellationToken cancel)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = options.SocketBufferBytes };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                connecting.CancelAfter(options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(host, port, connecting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new IOException($"data lane to {host}:{port}: no connection within {options.ConnectTimeout}");
                }
            }

            await using var stream = await OpenAsync(socket, host, options, cancel).ConfigureAwait(false);
            await WriteAllAsync(stream, Header(ticket, bytes.Length), options.StallTimeout, cancel).ConfigureAwait(false);
            await ExpectStatusAsync(stream, Status.Ready, options.StallTimeout, cancel).ConfigureAwait(false);
            await WriteAllAsync(stream, bytes, options.StallTimeout, cancel).ConfigureAwait(false);
            await ExpectStatusAsync(stream, Status.Received, options.StallTimeout, cancel).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            throw new IOException($"data lane to {host}:{port}: {error.Message}", error);
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            var what = error is OperationCanceledException && !cancel.IsCancellationRequested
                ? $"no progress for {options.StallTimeout}"
                : error.Message;
            throw new IOException($"data lane to {host}:{port}: {what}", error);
        }
    }

    /// <summary>The connection as a stream: TLS-authenticated within the stall timeout when the lane has TLS.</summary>
    private static async Task<Stream> OpenAsync(Socket socket, string host, DataLaneOptions options, CancellationToken cancel)
    {
        var plain = new NetworkStream(socket, ownsSocket: false);
        if (options.Tls is not { } tls)
        {
            return plain;
        }

        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        handshake.CancelAfter(options.StallTimeout);
        return await tls.ConnectAsync(plain, host, handshake.Token).ConfigureAwait(false);
    }
}
