using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// What a device sends at registration instead of the join secret or its hash: an HMAC-SHA256,
/// keyed with the secret's token (<see cref="JoinSecret.Token"/>, which never crosses the wire),
/// over the client id, the device's address (its node's address and actor path), the time and a
/// random nonce. A captured proof is worthless elsewhere: from another node the address differs,
/// and <see cref="JoinVerifier"/> takes each proof once and only within a few minutes of its time.
/// Format: <c>v1.UNIX-MS.NONCE-HEX.MAC-HEX</c>.
/// </summary>
public static class JoinProof
{
    private const string Version = "v1";

    /// <summary>A fresh proof for <paramref name="clientId"/> at <paramref name="binding"/> (see <see cref="Binding"/>); empty without a key.</summary>
    public static string Create(string key, int clientId, string binding, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(key))
        {
            return string.Empty;
        }

        var time = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return $"{Version}.{time}.{nonce}.{Mac(key, clientId, binding, time, nonce)}";
    }

    /// <summary>
    /// The address a proof is bound to: the node address <paramref name="device"/> is reached at
    /// from other nodes, and its path. The same on the device's node and on the server.
    /// </summary>
    public static string Binding(ActorSystem system, IActorRef device)
    {
        var address = device.Path.Address.HasGlobalScope ? device.Path.Address : ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return address + device.Path.ToStringWithoutAddress();
    }

    /// <summary>The parts of <paramref name="proof"/>, or null when it is not a proof.</summary>
    internal static (long UnixMs, string Time, string Nonce, string Mac)? Parse(string proof)
    {
        var parts = proof.Split('.');
        return parts.Length == 4 && parts[0] == Version && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs)
            && parts[2].Length == 32 && parts[3].Length == 64
            ? (unixMs, parts[1], parts[2], parts[3])
            : null;
    }

    internal static string Mac(string key, int clientId, string binding, string time, string nonce) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(key),
            Encoding.UTF8.GetBytes($"scalefl-join/{Version}|{clientId.ToString(CultureInfo.InvariantCulture)}|{binding}|{time}|{nonce}")));
}

/// <summary>
/// The server's side of <see cref="JoinProof"/>: admits a registration whose proof was made with
/// the federation's key for this client id and this device address, within
/// <see cref="Window"/> of the server's clock, and never seen before.
/// </summary>
/// <param name="key">The join secret's token; null or empty: every registration is admitted (no secret set).</param>
/// <param name="time">The server's clock.</param>
public sealed class JoinVerifier(string? key, TimeProvider time)
{
    /// <summary>How far a proof's time may be from the server's clock, either way; node clocks must agree this well (NTP).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset Expires, string Mac)> expiry = new();

    /// <summary>Null when <paramref name="proof"/> admits <paramref name="clientId"/> at <paramref name="binding"/>; else why not.</summary>
    public string? Refusal(string proof, int clientId, string binding)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var now = time.GetUtcNow();
        while (expiry.TryPeek(out var oldest) && oldest.Expires < now)
        {
            seen.Remove(expiry.Dequeue().Mac);
        }

        if (JoinProof.Parse(proof) is not { } parts)
        {
            return "wrong or missing join secret";
        }

        var expected = JoinProof.Mac(key, clientId, binding, parts.Time, parts.Nonce);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts.Mac)))
        {
            return "wrong or missing join secret (or a proof made for another client id or node address)";
        }

        var made = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(parts.UnixMs, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        if ((now - made).Duration() > Window)
        {
            return $"join proof made at {made:u}, more than {Window.TotalMinutes:F0} min from the server's clock ({now:u}); check the clocks";
        }

        if (!seen.Add(parts.Mac))
        {
            return "join proof already used (a replayed registration)";
        }

        expiry.Enqueue((now + Window + Window, parts.Mac));
        return null;
    }
}
