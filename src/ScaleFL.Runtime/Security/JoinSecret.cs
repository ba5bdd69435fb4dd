using System.Security.Cryptography;
using System.Text;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// The shared join secret of a federation. Its SHA-256 (<see cref="Token"/>) is the key both
/// sides hold; neither it nor the secret crosses the wire: a device proves it holds the key with
/// a one-use <see cref="JoinProof"/> bound to its address, which <see cref="JoinVerifier"/> checks.
/// </summary>
public static class JoinSecret
{
    /// <summary>Environment variable read when no <c>--join-secret</c> flag is given.</summary>
    public const string EnvironmentVariable = "SCALEFL_JOIN_SECRET";

    /// <summary>The key of <see cref="JoinProof"/>: lower-case hex SHA-256 of the UTF-8 secret; empty for no secret.</summary>
    public static string Token(string? secret) =>
        string.IsNullOrEmpty(secret) ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The secret given on the command line, else the environment's, else null.</summary>
    public static string? Resolve(string? flag) =>
        !string.IsNullOrEmpty(flag) ? flag : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
}
