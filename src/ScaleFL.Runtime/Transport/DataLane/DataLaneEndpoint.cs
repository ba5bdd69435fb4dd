namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>This node's data lane as the inbox uses it: the listener, and the host other nodes reach it at.</summary>
public sealed class DataLaneEndpoint : IDisposable
{
    internal DataLaneEndpoint(DataLaneListener listener, string host)
    {
        Listener = listener;
        Host = host;
    }

    /// <summary>The host in this node's Akka address (its public hostname when one is set).</summary>
    public string Host { get; }

    /// <summary>The port bound.</summary>
    public int Port => Listener.Port;

    internal DataLaneListener Listener { get; }

    /// <inheritdoc />
    public void Dispose() => Listener.Dispose();
}
