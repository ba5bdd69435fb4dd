using System.Net;
using System.Net.Sockets;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// A node could not listen where it was told to (<see cref="NodeOptions.Host"/>:<see cref="NodeOptions.Port"/>):
/// the port is held by another process, or the address is not one of this machine's. The message
/// names the address and the cause in one line, for the command line to print as it is; without
/// this the user saw Akka.Remote's nested bind exceptions and stack traces.
/// </summary>
public sealed class NodeBindException : InvalidOperationException
{
    private NodeBindException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// Binds <paramref name="host"/>:<paramref name="port"/> for a moment, as Akka.Remote would
    /// (address reuse on, so a port whose last connections wait in TIME_WAIT after a restart still
    /// counts as free), and throws when it cannot. Port 0 (the system chooses) is never checked.
    /// A process that takes the port between this check and Akka's bind is caught by <see cref="From"/>.
    /// </summary>
    /// <exception cref="NodeBindException">The port is in use or the address cannot be bound.</exception>
    public static void ThrowIfUnavailable(string host, int port)
    {
        if (port == 0)
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressOf(host).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(AddressOf(host), port));
        }
        catch (SocketException error)
        {
            throw Of(error, host, port);
        }
    }

    /// <summary>
    /// The bind failure inside <paramref name="error"/> (Akka wraps it in several aggregate and
    /// transport exceptions) as a <see cref="NodeBindException"/>; null when the failure is not a socket's.
    /// </summary>
    public static NodeBindException? From(Exception error, string host, int port)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is NodeBindException named)
            {
                return named;
            }

            if (current is SocketException socket)
            {
                return Of(socket, host, port);
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(inner => From(inner, host, port)).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }

    /// <summary>The data lane's listener could not bind <paramref name="host"/>:<paramref name="port"/> (its own port, <c>scalefl.transfer.data-lane.port</c>).</summary>
    public static NodeBindException ForDataLane(SocketException error, string host, int port) => new(
        $"the data lane cannot listen on {host}:{port} ({error.SocketErrorCode}: {error.Message}); " +
        "choose another scalefl.transfer.data-lane.port or turn the lane off with scalefl.transfer.data-lane.enabled = off.",
        error);

    private static NodeBindException Of(SocketException error, string host, int port)
    {
        var reason = error.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "the port is in use by another process (another server or client on this machine?); stop it or choose another --port",
            SocketError.AddressNotAvailable => "that address is not one of this machine's; use one of its own addresses or 0.0.0.0 with --public-host",
            SocketError.AccessDenied => "permission denied (ports below 1024 need administrator rights); choose a port above 1023",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name does not resolve",
            _ => error.Message,
        };
        return new NodeBindException($"cannot listen on {host}:{port}: {reason}.", error);
    }

    private static IPAddress AddressOf(string host)
    {
        if (host is "0.0.0.0" or "*")
        {
            return IPAddress.Any;
        }

        return IPAddress.TryParse(host, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(host).OrderBy(address => address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
    }
}
