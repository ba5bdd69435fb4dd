using Akka.Configuration;

namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// Where a node listens and whom it joins. Layering, lowest first: the transport and serializer
/// bindings, <see cref="ClusterDefaults.Hocon"/>, <see cref="Config"/> (a <c>cluster-config/</c>
/// file), then these fields.
/// </summary>
public sealed record NodeOptions
{
    /// <summary>Address to bind. Default 127.0.0.1; 0.0.0.0 binds every interface (then set <see cref="PublicHost"/>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 lets the OS choose. 0 to 65535; default 0.</summary>
    public int Port { get; init; }

    /// <summary>The host name other nodes use to reach this one; default <see cref="Host"/>.</summary>
    public string? PublicHost { get; init; }

    /// <summary>Seed node addresses (<c>akka.tcp://scalefl@HOST:PORT</c>); empty: the node joins itself and becomes the seed.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>Cluster roles: <see cref="ClusterNames.ServerRole"/> or <see cref="ClusterNames.ClientRole"/>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Deployment HOCON (a <c>cluster-config/</c> file) over the defaults; null for none.</summary>
    public Config? Config { get; init; }

    /// <summary>
    /// PKCS#12 (.pfx) certificate for node-to-node TLS; when set, the node speaks only TLS
    /// (<c>akka.remote.dot-netty.tcp.enable-ssl</c>) and a node without it cannot connect. Default null
    /// (TLS as the <see cref="Config"/> file says, off by default).
    /// </summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>Password of <see cref="TlsCertificatePath"/>; default empty.</summary>
    public string TlsPassword { get; init; } = string.Empty;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public NodeOptions Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Host), nameof(Host), Host, "a host name or IP address");
        Require(Port is >= 0 and <= 65535, nameof(Port), Port, "0 to 65535");
        Require(PublicHost is null || !string.IsNullOrWhiteSpace(PublicHost), nameof(PublicHost), PublicHost, "null or a host name");
        Require(TlsCertificatePath is null || File.Exists(TlsCertificatePath), nameof(TlsCertificatePath), TlsCertificatePath, "null or an existing .pfx file");
        foreach (var seed in SeedNodes)
        {
            Require(
                IsSeedAddress(seed),
                nameof(SeedNodes),
                seed,
                $"akka.tcp://{ClusterNames.SystemName}@HOST:PORT");
        }

        return this;
    }

    /// <summary>True when <paramref name="seed"/> is a node address this cluster can join: <c>akka.tcp://scalefl@HOST:PORT</c> (or <c>akka.ssl.tcp</c>).</summary>
    public static bool IsSeedAddress(string seed) =>
        Uri.TryCreate(seed, UriKind.Absolute, out var uri) && uri.Scheme is "akka.tcp" or "akka.ssl.tcp" && uri.UserInfo == ClusterNames.SystemName && uri.Port > 0;

    private static void Require(bool holds, string field, object? value, string allowed)
    {
        if (!holds)
        {
            throw new ArgumentException($"NodeOptions.{field} is {value?.ToString() ?? "null"}; allowed: {allowed}.", field);
        }
    }
}
