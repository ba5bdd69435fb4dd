using System.Security.Cryptography;
using System.Text;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// The shared join secret of a federation. Devices send its SHA-256 (never the secret itself,
/// which stays out of logs and dead letters); the server compares in constant time.
/// </summary>
public static class JoinSecret
{
    /// <summary>Environment variable read when no <c>--join-secret</c> flag is given.</summary>
    public const string EnvironmentVariable = "SCALEFL_JOIN_SECRET";

    /// <summary>The token a device sends: lower-case hex SHA-256 of the UTF-8 secret; empty for no secret.</summary>
    public static string Token(string? secret) =>
        string.IsNullOrEmpty(secret) ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="token"/> matches <paramref name="expected"/>, compared in constant time; always true without an expected token.</summary>
    public static bool Matches(string? expected, string token) =>
        string.IsNullOrEmpty(expected) ||
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token));

    /// <summary>The secret given on the command line, else the environment's, else null.</summary>
    public static string? Resolve(string? flag) =>
        !string.IsNullOrEmpty(flag) ? flag : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
}
