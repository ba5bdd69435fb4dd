using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ScaleFL.Core.Weights;

namespace ScaleFL.Runtime.Transport;

/// <summary>
/// Base for a protocol's binary serializer: a subclass registers one manifest with a writer and a
/// reader per message record, and gets <see cref="WireFormat"/> (weights, actor references) for
/// the fields. Each protocol's marker interface is bound to exactly one such serializer in HOCON.
/// </summary>
/// <example>
/// <code>
/// Register&lt;SubmitUpdate&gt;("U",
///     (w, m) =&gt; { w.Write(m.Round); WriteWeights(w, m.Weights); },
///     r =&gt; new SubmitUpdate(r.ReadInt32(), ReadWeights(r)),
///     m =&gt; m.Weights.ByteCount);
/// </code>
/// </example>
public abstract class WeightMessageSerializer : SerializerWithStringManifest
{
    private const int SmallMessageBytes = 256;

    private readonly Dictionary<Type, Entry> byType = [];
    private readonly Dictionary<string, Entry> byManifest = new(StringComparer.Ordinal);

    /// <summary>Called by Akka with the system the serializer belongs to.</summary>
    protected WeightMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override string Manifest(object o) => EntryFor(o).Manifest;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        using var written = ToPooled(obj, TransferBufferPool.Of(system));
        return written.ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => FromBytes(bytes, bytes.Length, manifest);

    /// <summary>
    /// The bytes of <see cref="ToBinary"/>, in a pooled array the caller disposes: the transport
    /// sends them from there, sparing a 44 MB update the copy into an exact-size array.
    /// </summary>
    internal PooledBytes ToPooled(object obj, TransferBufferPool pool)
    {
        var entry = EntryFor(obj);
        // Sizing the buffer up front spares the doubling copies a 44 MB weight message would cost.
        var capacity = checked((int)Math.Min(Array.MaxLength, SmallMessageBytes + entry.SizeHint(obj)));
        using var stream = new PooledBufferStream(capacity, pool);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            entry.Write(writer, obj);
        }

        return stream.Detach();
    }

    /// <summary><see cref="FromBinary"/> of the first <paramref name="length"/> bytes of <paramref name="bytes"/>, which may be a pooled array.</summary>
    internal object FromBytes(byte[] bytes, int length, string manifest)
    {
        if (!byManifest.TryGetValue(manifest, out var entry))
        {
            throw new SerializationException($"{GetType().Name} does not know manifest '{manifest}'.");
        }

        using var stream = new MemoryStream(bytes, 0, length, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        object message;
        try
        {
            message = entry.Read(reader);
        }
        catch (EndOfStreamException error)
        {
            throw new SerializationException($"Message '{manifest}' is truncated.", error);
        }
        catch (InvalidDataException error)
        {
            throw new SerializationException($"Message '{manifest}' is malformed: {error.Message}", error);
        }

        if (stream.Position != stream.Length)
        {
            throw new SerializationException($"Message '{manifest}' has {stream.Length - stream.Position} trailing bytes.");
        }

        return message;
    }

    /// <summary>
    /// The serializers of this kind that <paramref name="system"/>'s <c>serialization-bindings</c>
    /// use, by id: for these the transport deserializes straight from a pooled buffer.
    /// </summary>
    internal static IReadOnlyDictionary<int, WeightMessageSerializer> BoundIn(ExtendedActorSystem system)
    {
        var bound = new Dictionary<int, WeightMessageSerializer>();
        var bindings = system.Settings.Config.GetConfig("akka.actor.serialization-bindings");
        foreach (var typeName in bindings?.AsEnumerable().Select(binding => binding.Key) ?? [])
        {
            if (Type.GetType(typeName.Trim('"')) is { } type && system.Serialization.FindSerializerForType(type) is WeightMessageSerializer ours)
            {
                bound[ours.Identifier] = ours;
            }
        }

        return bound;
    }

    /// <summary>
    /// Registers a message record under a short manifest. <paramref name="sizeHint"/> estimates the
    /// payload in bytes (for example <c>m =&gt; m.Weights.ByteCount</c>) so big messages are written
    /// without reallocating.
    /// </summary>
    protected void Register<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read, Func<T, long>? sizeHint = null)
        where T : class =>
        Register<T>(manifest, typeof(T), write, read, sizeHint);

    private void Register<T>(string manifest, Type type, Action<BinaryWriter, T> write, Func<BinaryReader, object> read, Func<T, long>? sizeHint = null)
        where T : class
    {
        var entry = new Entry(
            manifest,
            (writer, message) => write(writer, (T)message),
            read,
            message => sizeHint?.Invoke((T)message) ?? 0);
        byType.Add(type, entry);
        byManifest.Add(manifest, entry);
    }

    /// <summary>
    /// Registers a message only the sending process may deliver to itself (subscriptions, run
    /// control, results). It is written as usual, but bytes arriving from another node under its
    /// manifest read as <see cref="Security.RefusedFromWire"/>: Akka.Remote does not authenticate
    /// sender paths, so no check at the receiving actor could tell a forged local sender apart.
    /// </summary>
    protected void RegisterLocalOnly<T>(string manifest, Action<BinaryWriter, T> write)
        where T : class =>
        Register<object>(manifest, typeof(T), (writer, message) => write(writer, (T)message), reader =>
        {
            reader.BaseStream.Seek(0, SeekOrigin.End);
            return new Security.RefusedFromWire(typeof(T).Name);
        });

    /// <summary>Writes weights; see <see cref="WireFormat.WriteWeights"/>.</summary>
    protected static void WriteWeights(BinaryWriter writer, WeightSet weights) => WireFormat.WriteWeights(writer, weights);

    /// <summary>Reads weights; see <see cref="WireFormat.ReadWeights"/>.</summary>
    protected static WeightSet ReadWeights(BinaryReader reader) => WireFormat.ReadWeights(reader);

    /// <summary>Writes an actor reference; see <see cref="WireFormat.WriteActorRef"/>.</summary>
    protected static void WriteActorRef(BinaryWriter writer, IActorRef? actor) => WireFormat.WriteActorRef(writer, actor);

    /// <summary>Resolves an actor reference in this serializer's system.</summary>
    protected IActorRef ReadActorRef(BinaryReader reader) => WireFormat.ReadActorRef(reader, system);

    private Entry EntryFor(object message) => byType.TryGetValue(message.GetType(), out var entry)
        ? entry
        : throw new ArgumentException($"{GetType().Name} cannot serialize {message.GetType().FullName}.", nameof(message));

    private sealed record Entry(string Manifest, Action<BinaryWriter, object> Write, Func<BinaryReader, object> Read, Func<object, long> SizeHint);
}
