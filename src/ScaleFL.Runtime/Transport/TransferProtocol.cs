using Akka.Actor;
using Akka.Configuration;
using ScaleFL.Runtime.Transport.DataLane;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Chunked bulk transfer between ActorSystems. A message too big for one remote frame (a block's
/// weights are megabytes) is serialized once by the sending node's outbox, cut into chunks of at
/// most <see cref="TransferSettings.ChunkBytes"/>, and streamed to the receiving node's inbox
/// with at most <see cref="TransferSettings.MaxInFlightChunks"/> unacknowledged chunks, so no
/// frame exceeds the transport limit and heartbeats interleave with the data. The inbox
/// reassembles, deserializes and delivers to the recipient with the original sender.
/// Where both nodes run a data lane (<see cref="DataLaneOptions"/>), the outbox instead offers
/// the message with a <see cref="LaneOffer"/>; the inbox answers a one-use ticket and the bytes
/// go over a TCP connection beside Akka.Remote, so they neither pass through its frame pipeline
/// nor queue ahead of its heartbeats. A refused or failed lane falls back to chunks.
/// Use it through <see cref="BulkTransfer"/>.
/// </summary>
public static class TransferProtocol
{
    /// <summary>Name of the inbox under <c>/user</c>; every node's inbox has this path.</summary>
    public const string InboxName = "scalefl-transfer";

    /// <summary>Name of the outbox under <c>/user</c>.</summary>
    public const string OutboxName = "scalefl-transfer-outbox";

    /// <summary>Marker for the messages that cross the wire; bound to <see cref="TransferSerializer"/>.</summary>
    public interface ITransferMessage;

    /// <summary>
    /// One slice of a serialized message. Every chunk repeats the small header (serializer,
    /// manifest, recipient, original sender) so the inbox can start a transfer from any chunk.
    /// </summary>
    /// <param name="TransferId">Identifies the transfer; unique per message.</param>
    /// <param name="Index">Position of this chunk, 0-based.</param>
    /// <param name="Count">Number of chunks in the transfer.</param>
    /// <param name="TotalBytes">Size of the whole serialized message.</param>
    /// <param name="SerializerId">Id of the serializer that wrote the message.</param>
    /// <param name="Manifest">That serializer's manifest for the message.</param>
    /// <param name="Payload">This chunk's bytes.</param>
    /// <param name="Recipient">Who receives the reassembled message.</param>
    /// <param name="OriginalSender">Sender the recipient sees; <see cref="ActorRefs.Nobody"/> when there is none.</param>
    public sealed record TransferChunk(
        Guid TransferId,
        int Index,
        int Count,
        long TotalBytes,
        int SerializerId,
        string Manifest,
        ReadOnlyMemory<byte> Payload,
        IActorRef Recipient,
        IActorRef OriginalSender) : ITransferMessage;

    /// <summary>Cumulative acknowledgement: chunks <c>0 .. Received-1</c> have all arrived.</summary>
    public sealed record ChunkAck(Guid TransferId, int Received) : ITransferMessage;

    /// <summary>
    /// One side gave up on a transfer: the inbox (too big, malformed, undeliverable), and the
    /// sender stops; or the outbox (its data lane failed), and the inbox frees what it reserved.
    /// </summary>
    public sealed record TransferAborted(Guid TransferId, string Reason) : ITransferMessage;

    /// <summary>
    /// Outbox to inbox: a message of <paramref name="TotalBytes"/> would go over the data lane.
    /// Carries what a chunk's header carries, so the inbox can deliver it.
    /// </summary>
    public sealed record LaneOffer(
        Guid TransferId,
        long TotalBytes,
        int SerializerId,
        string Manifest,
        IActorRef Recipient,
        IActorRef OriginalSender) : ITransferMessage;

    /// <summary>The inbox reserved the bytes: connect to <paramref name="Host"/>:<paramref name="Port"/> and present <paramref name="Ticket"/> once.</summary>
    public sealed record LaneOfferAck(Guid TransferId, string Host, int Port, Guid Ticket) : ITransferMessage;

    /// <summary>The receiving node has no data lane (turned off); the outbox sends in chunks.</summary>
    public sealed record LaneOfferNack(Guid TransferId, string Reason) : ITransferMessage;

    /// <summary>
    /// Outbox to a node's inbox, before the first message too big for any frame: what are your
    /// limits? Carries the asking node's own, so both ends of a pair learn each other's.
    /// </summary>
    public sealed record AskLimits(TransferLimits Asker) : ITransferMessage;

    /// <summary>
    /// What a node receives without discarding it, declared by its inbox in answer to
    /// <see cref="AskLimits"/>; the sender cuts its chunks and picks its path from it
    /// (<see cref="TransferRoute"/>).
    /// </summary>
    /// <param name="FrameBytes">The node's <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>: a bigger frame is dropped.</param>
    /// <param name="ChunkBytes">The node's own <c>scalefl.transfer.chunk-size</c> (what it sends with).</param>
    /// <param name="Lane">Whether the node's data lane is open to offers.</param>
    /// <param name="MaxMessageBytes">The largest message it takes from one node (<c>max-buffered-bytes-per-node</c>).</param>
    public sealed record TransferLimits(long FrameBytes, int ChunkBytes, bool Lane, long MaxMessageBytes) : ITransferMessage;

    /// <summary>
    /// Local order to the outbox: deliver <paramref name="Message"/> to a remote recipient. Never
    /// crosses the wire, so it is not an <see cref="ITransferMessage"/>.
    /// </summary>
    public sealed record Send(IActorRef Recipient, object Message, IActorRef OriginalSender);

    /// <summary>
    /// Creates the inbox; one per system, named <see cref="InboxName"/>. Without a lane it answers
    /// every offer with a nack; the limits other nodes declare when they ask for its own go to
    /// <paramref name="outbox"/> (this node's), when given.
    /// </summary>
    public static Props InboxProps(TransferSettings settings, DataLaneEndpoint? lane = null, IActorRef? outbox = null) =>
        Props.Create(() => new TransferInbox(settings, lane, outbox));

    /// <summary>Creates the outbox; one per system, named <see cref="OutboxName"/>.</summary>
    public static Props OutboxProps(TransferSettings settings) => Props.Create(() => new TransferOutbox(settings));
}

/// <summary>
/// Tuning of <see cref="TransferProtocol"/>, read from <c>scalefl.transfer</c> (see
/// <c>cluster-config/transport.conf</c>).
/// </summary>
/// <param name="ChunkBytes">Payload bytes per chunk; the frame adds a few hundred bytes of header,
/// so this must stay below <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>. Default 256 KiB.</param>
/// <param name="ReassemblyTimeout">How long either side waits without progress before dropping a
/// transfer. Default 30 s.</param>
/// <param name="MaxInFlightChunks">Chunks sent but not yet acknowledged, per transfer. Default 8.</param>
/// <param name="MaxBufferedBytes">Bytes the inbox holds for incomplete transfers at once, all
/// senders together; a transfer that would exceed it is aborted. Default 1 GiB.</param>
public sealed record TransferSettings(int ChunkBytes, TimeSpan ReassemblyTimeout, int MaxInFlightChunks, long MaxBufferedBytes)
{
    /// <summary>
    /// Bytes the inbox holds for the incomplete transfers of one sending node, so one node cannot
    /// take the whole <see cref="MaxBufferedBytes"/> from the others; also the largest message it
    /// accepts from a node. <c>scalefl.transfer.max-buffered-bytes-per-node</c>, default 512 MiB;
    /// never more than <see cref="MaxBufferedBytes"/>.
    /// </summary>
    public long MaxBufferedBytesPerNode { get; init; } = DefaultBufferedBytesPerNode;

    /// <summary>
    /// Incomplete transfers one sending node may have open at once. An honest outbox sends to a node
    /// one transfer at a time. <c>scalefl.transfer.max-open-transfers-per-node</c>, default 4.
    /// </summary>
    public int MaxOpenTransfersPerNode { get; init; } = DefaultOpenTransfersPerNode;

    /// <summary>
    /// This node's <c>akka.remote.dot-netty.tcp.maximum-frame-size</c> (set by <see cref="BulkTransfer"/>;
    /// default 1 MiB as in <c>cluster-config/transport.conf</c>): chunks and direct messages never
    /// exceed it, nor the receiver's.
    /// </summary>
    public long FrameBytes { get; init; } = 1 << 20;

    /// <summary>The limits this node declares to senders; <paramref name="lane"/> says whether its data lane is open.</summary>
    public TransferProtocol.TransferLimits Limits(bool lane) => new(FrameBytes, ChunkBytes, lane, NodeBudget);

    /// <summary>The smallest chunk a sender may cut (1 KiB); bounds the chunk count a transfer can announce.</summary>
    public const int MinChunkBytes = 1024;

    /// <summary>The longest serializer manifest a transfer may name; ours are one or two characters.</summary>
    public const int MaxManifestLength = 256;

    private const long DefaultBufferedBytesPerNode = 512L << 20;

    private const int DefaultOpenTransfersPerNode = 4;

    /// <summary>Bytes the inbox may hold for one node: <see cref="MaxBufferedBytesPerNode"/> within <see cref="MaxBufferedBytes"/>.</summary>
    public long NodeBudget => Math.Min(MaxBufferedBytesPerNode, MaxBufferedBytes);

    /// <summary>The data lane, <c>scalefl.transfer.data-lane</c>; its stall timeout is <see cref="ReassemblyTimeout"/>.</summary>
    public DataLaneOptions DataLane { get; init; } = DataLaneOptions.Default;

    /// <summary>Bytes a chunk's frame adds to its payload (ids, manifest, two actor paths), generously.</summary>
    public const int ChunkOverheadBytes = 4096;

    /// <summary>The defaults documented on the parameters.</summary>
    public static TransferSettings Default { get; } = new(256 * 1024, TimeSpan.FromSeconds(30), 8, 1L << 30);

    /// <summary>Reads <c>scalefl.transfer</c> from <paramref name="config"/>, defaults for missing keys.</summary>
    public static TransferSettings FromConfig(Config config)
    {
        var section = config.GetConfig("scalefl.transfer");
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        var reassemblyTimeout = section.GetTimeSpan("reassembly-timeout", Default.ReassemblyTimeout, allowInfinite: false);
        return new TransferSettings(
            checked((int)(section.GetByteSize("chunk-size", null) ?? Default.ChunkBytes)),
            reassemblyTimeout,
            section.GetInt("max-in-flight-chunks", Default.MaxInFlightChunks),
            section.GetByteSize("max-buffered-bytes", null) ?? Default.MaxBufferedBytes)
        {
            MaxBufferedBytesPerNode = section.GetByteSize("max-buffered-bytes-per-node", null) ?? DefaultBufferedBytesPerNode,
            MaxOpenTransfersPerNode = section.GetInt("max-open-transfers-per-node", DefaultOpenTransfersPerNode),
            DataLane = DataLaneOptions.FromConfig(section, reassemblyTimeout),
        }.Validated();
    }

    /// <summary>
    /// The settings a node of <paramref name="config"/> (its whole configuration) sends and receives
    /// with: <c>scalefl.transfer</c>, with <see cref="FrameBytes"/> from
    /// <c>akka.remote.dot-netty.tcp.maximum-frame-size</c> when set. The one rule for both the check
    /// before a node starts and <see cref="BulkTransfer"/> itself.
    /// </summary>
    /// <exception cref="Cluster.NodeConfigException">A value is out of range, of the wrong type, or a chunk
    /// and its header do not fit in a frame; the message names the setting.</exception>
    public static TransferSettings ForNode(Config config)
    {
        TransferSettings settings;
        long? frameLimit;
        try
        {
            settings = FromConfig(config);
            frameLimit = config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null);
        }
        catch (Exception error) when (error is ArgumentException or ConfigurationException or FormatException or OverflowException or InvalidCastException)
        {
            throw new Cluster.NodeConfigException(error.Message, error);
        }

        if (frameLimit is not { } frame)
        {
            return settings;
        }

        if (settings.ChunkBytes + ChunkOverheadBytes > frame)
        {
            throw new Cluster.NodeConfigException(
                $"scalefl.transfer.chunk-size ({settings.ChunkBytes} bytes) plus {ChunkOverheadBytes} bytes of header must fit in akka.remote.dot-netty.tcp.maximum-frame-size ({frame} bytes); raise the frame size or lower the chunk size.");
        }

        return settings with { FrameBytes = frame };
    }

    /// <summary>Returns this instance, or throws naming the field and its allowed values.</summary>
    public TransferSettings Validated()
    {
        if (ChunkBytes is < MinChunkBytes or > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"ChunkBytes (scalefl.transfer.chunk-size) must be 1 KiB .. 64 MiB, got {ChunkBytes}.");
        }

        if (ReassemblyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ReassemblyTimeout (scalefl.transfer.reassembly-timeout) must be positive, got {ReassemblyTimeout}.");
        }

        if (MaxInFlightChunks < 1)
        {
            throw new ArgumentException($"MaxInFlightChunks (scalefl.transfer.max-in-flight-chunks) must be at least 1, got {MaxInFlightChunks}.");
        }

        if (MaxBufferedBytes < ChunkBytes)
        {
            throw new ArgumentException($"MaxBufferedBytes (scalefl.transfer.max-buffered-bytes) must be at least ChunkBytes ({ChunkBytes}), got {MaxBufferedBytes}.");
        }

        if (MaxBufferedBytesPerNode < ChunkBytes)
        {
            throw new ArgumentException($"MaxBufferedBytesPerNode (scalefl.transfer.max-buffered-bytes-per-node) must be at least ChunkBytes ({ChunkBytes}), got {MaxBufferedBytesPerNode}.");
        }

        if (MaxOpenTransfersPerNode < 1)
        {
            throw new ArgumentException($"MaxOpenTransfersPerNode (scalefl.transfer.max-open-transfers-per-node) must be at least 1, got {MaxOpenTransfersPerNode}.");
        }

        return this;
    }
}
