using Akka.Actor;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// What <see cref="TransferInbox"/> has promised to hold for incomplete transfers: bytes in all,
/// and bytes and open transfers per sending node. Every size a transfer announces is reserved
/// here before anything is allocated for it, so a node that announces much and sends little
/// holds at most its own share (<see cref="TransferSettings.NodeBudget"/>,
/// <see cref="TransferSettings.MaxOpenTransfersPerNode"/>) and the others keep theirs.
/// </summary>
internal sealed class InboxBudget(TransferSettings settings)
{
    private readonly Dictionary<Address, (long Bytes, int Open)> byNode = [];

    /// <summary>Bytes reserved by all nodes together.</summary>
    public long ReservedBytes { get; private set; }

    /// <summary>Reserves <paramref name="bytes"/> for one more open transfer of <paramref name="node"/>; null when granted, else why not.</summary>
    public string? TryReserve(Address node, long bytes)
    {
        var (nodeBytes, open) = byNode.GetValueOrDefault(node);
        if (bytes < 0)
        {
            return $"a negative size ({bytes} bytes)";
        }

        if (open >= settings.MaxOpenTransfersPerNode)
        {
            return $"{node} already has {open} transfers open, the most one node may (scalefl.transfer.max-open-transfers-per-node)";
        }

        if (bytes > settings.NodeBudget - nodeBytes)
        {
            return $"{bytes} bytes would exceed the {settings.NodeBudget} bytes one node may have buffered ({nodeBytes} in use by {node}; scalefl.transfer.max-buffered-bytes-per-node)";
        }

        if (bytes > settings.MaxBufferedBytes - ReservedBytes)
        {
            return $"{bytes} bytes would exceed the {settings.MaxBufferedBytes} bytes the inbox may buffer ({ReservedBytes} in use; scalefl.transfer.max-buffered-bytes)";
        }

        byNode[node] = (nodeBytes + bytes, open + 1);
        ReservedBytes += bytes;
        return null;
    }

    /// <summary>Returns what one <see cref="TryReserve"/> of <paramref name="node"/> granted.</summary>
    public void Release(Address node, long bytes)
    {
        var (nodeBytes, open) = byNode[node];
        ReservedBytes -= bytes;
        if (open == 1)
        {
            byNode.Remove(node);
        }
        else
        {
            byNode[node] = (nodeBytes - bytes, open - 1);
        }
    }
}
