using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using ScaleFL.Core.Aggregation;

namespace ScaleFL.Runtime.Security;

/// <summary>What the server does with a registration.</summary>
public enum RegistrationOutcome
{
    /// <summary>The device is registered (again); the ack carries its session.</summary>
    Accepted,

    /// <summary>The registration is wrong and retrying cannot help: the device is told why.</summary>
    Refused,

    /// <summary>The client id is held by a device on another node: dropped without an answer, so a restarted device keeps retrying until the old one has left.</summary>
    Ignored,
}

/// <summary>The decision on one registration.</summary>
/// <param name="Outcome">Accepted, refused or ignored.</param>
/// <param name="Session">The session the device must attach to every message; empty unless accepted.</param>
/// <param name="Detail">Why it was not accepted, for the log; empty when accepted.</param>
public sealed record RegistrationDecision(RegistrationOutcome Outcome, string Session, string Detail);

/// <summary>
/// Who may speak for a client id. A registration binds the id to one device actor on the node
/// that sent it; after that, updates, declines and dropouts of the id are taken only from that
/// actor. Akka.Remote does not authenticate the sender path a node writes into its envelopes, so
/// a device on another node must also present the random session the server gave it in the
/// acknowledgement (sent to the device's own node, never to the sender); a device in the server's
/// process has no envelope to forge. The decision is here, without an ActorSystem, and the
/// <see cref="Server.ServerAggregator"/> only applies it.
/// </summary>
/// <param name="newSession">Source of sessions; by default 128 random bits in hex.</param>
public sealed class DeviceAuthorization(Func<string> newSession)
{
    private readonly Dictionary<int, Entry> devices = [];

    /// <summary>Sessions from the system's cryptographic random number generator.</summary>
    public DeviceAuthorization()
        : this(RandomSession)
    {
    }

    /// <summary>Registered client ids.</summary>
    public int Count => devices.Count;

    /// <summary>The client ids held by registered devices.</summary>
    public IReadOnlyCollection<int> Ids => devices.Keys;

    /// <summary>The client id <paramref name="device"/> holds, or null.</summary>
    public int? IdOf(ActorPath device) =>
        devices.FirstOrDefault(entry => entry.Value.Device.Equals(device)) is { Value: not null } held ? held.Key : null;

    /// <summary>
    /// Decides on a registration of <paramref name="clientId"/> for <paramref name="device"/>,
    /// sent by <paramref name="sender"/>. The device must live on the sender's node; an id held by
    /// a device on another node stays with it until <see cref="Forget"/>. The same device
    /// registering again keeps its session, so a retry in flight does not invalidate it.
    /// </summary>
    /// <param name="clientId">The id the device claims.</param>
    /// <param name="device">The device actor the registration names.</param>
    /// <param name="sender">The sender path of the envelope.</param>
    /// <param name="requireSession">True on a node with remoting, where a sender path can be forged: the device's messages then need the session.</param>
    public RegistrationDecision Register(int clientId, ActorPath device, ActorPath sender, bool requireSession)
    {
        if (!device.Address.Equals(sender.Address))
        {
            return new RegistrationDecision(
                RegistrationOutcome.Refused, string.Empty, $"device {device} is not on the sender's node {sender.Address}");
        }

        if (devices.TryGetValue(clientId, out var held))
        {
            if (!held.Device.Address.Equals(device.Address))
            {
                return new RegistrationDecision(
                    RegistrationOutcome.Ignored, string.Empty, $"client {clientId} is registered from node {held.Device.Address}");
            }

            if (held.Device.Equals(device))
            {
                return new RegistrationDecision(RegistrationOutcome.Accepted, held.Session, string.Empty);
            }
        }

        var session = requireSession ? newSession() : string.Empty;
        devices[clientId] = new Entry(device, session, requireSession);
        return new RegistrationDecision(RegistrationOutcome.Accepted, session, string.Empty);
    }

    /// <summary>
    /// Accepted when <paramref name="sender"/> is the device registered for
    /// <paramref name="clientId"/> and, where sessions are required, <paramref name="session"/> is its
    /// session (compared in constant time); otherwise <see cref="RejectionReason.ForeignSender"/>.
    /// </summary>
    public UpdateCheck Authorize(int clientId, ActorPath sender, string session)
    {
        if (!devices.TryGetValue(clientId, out var entry))
        {
            return Foreign($"client {clientId} is not registered");
        }

        if (!entry.Device.Equals(sender))
        {
            return Foreign($"client {clientId} is registered as {entry.Device}");
        }

        return entry.NeedsSession && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(entry.Session), Encoding.ASCII.GetBytes(session))
            ? Foreign($"the session of client {clientId} is missing or wrong")
            : UpdateCheck.Accepted;
    }

    /// <summary>
    /// The session the server writes into its orders to <paramref name="clientId"/>
    /// (<see cref="ServerTaskCheck"/>): the registration's when sessions are required, else empty.
    /// </summary>
    public string SessionOf(int clientId) =>
        devices.TryGetValue(clientId, out var entry) ? entry.Session : string.Empty;

    /// <summary>Releases <paramref name="clientId"/> (its device left); false when it was not registered.</summary>
    public bool Forget(int clientId) => devices.Remove(clientId);

    private static UpdateCheck Foreign(string detail) => new(RejectionReason.ForeignSender, detail);

    private static string RandomSession() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private sealed record Entry(ActorPath Device, string Session, bool NeedsSession);
}
