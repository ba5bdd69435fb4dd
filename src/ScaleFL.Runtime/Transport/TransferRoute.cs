using static ScaleFL.Runtime.Transport.TransferProtocol;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// How one serialized message goes to one node, decided from this node's settings and the limits
/// the receiving node declared (<see cref="TransferLimits"/>): told in one frame, streamed in
/// chunks that fit the smaller of the two frame sizes, offered over the data lane when the receiver
/// has one, or refused with the reason when the receiver would discard it whatever is done. A plain
/// decision, so the outbox only applies it.
/// </summary>
/// <param name="Direct">Small enough for one frame on both nodes: told as it is.</param>
/// <param name="ChunkBytes">Payload per chunk when not direct.</param>
/// <param name="OfferLane">Offer the data lane first (both nodes have one).</param>
/// <param name="Refusal">Why the message cannot be sent at all; null when it can.</param>
public sealed record TransferRoute(bool Direct, int ChunkBytes, bool OfferLane, string? Refusal)
{
    /// <summary>
    /// A message this small is told directly even before the receiver's limits are known: it fits in
    /// the smallest frame Akka.Remote allows (32000 bytes) with the header to spare.
    /// </summary>
    public const int AlwaysDirectBytes = 32000 - TransferSettings.ChunkOverheadBytes;

    /// <summary>The route of a message of <paramref name="bytes"/> bytes from a node with <paramref name="own"/> settings to one with <paramref name="peer"/> limits.</summary>
    public static TransferRoute For(TransferSettings own, TransferLimits peer, long bytes)
    {
        var frame = Math.Min(own.FrameBytes, peer.FrameBytes);
        var chunk = (int)Math.Min(own.ChunkBytes, frame - TransferSettings.ChunkOverheadBytes);
        if (chunk < TransferSettings.MinChunkBytes)
        {
            return Refused($"its maximum-frame-size ({peer.FrameBytes} bytes) leaves no room for a chunk of {TransferSettings.MinChunkBytes} bytes and {TransferSettings.ChunkOverheadBytes} of header");
        }

        if (bytes > peer.MaxMessageBytes)
        {
            return Refused($"the message is {bytes} bytes and that node accepts at most {peer.MaxMessageBytes} from one node (its scalefl.transfer.max-buffered-bytes-per-node)");
        }

        return bytes <= chunk
            ? new TransferRoute(true, chunk, false, null)
            : new TransferRoute(false, chunk, own.DataLane.Enabled && peer.Lane, null);
    }

    private static TransferRoute Refused(string reason) => new(false, 0, false, reason);
}
