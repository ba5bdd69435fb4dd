using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;

namespace ScaleFL.Runtime.Transport.DataLane;

/// <summary>
/// TLS on the data lane with the node's own certificate and Akka.Remote's validation rules
/// (<c>akka.remote.dot-netty.tcp.ssl</c>), so a TLS deployment keeps the lane's speed without a
/// plain-text path beside its encrypted one. The receiving node is the TLS server.
/// </summary>
/// <param name="Certificate">The node certificate (with its private key), from <c>ssl.certificate.path</c>.</param>
/// <param name="RequireMutualAuthentication">The receiver demands the sender's certificate too (<c>ssl.require-mutual-authentication</c>).</param>
/// <param name="SuppressValidation">Accept any peer certificate (<c>ssl.suppress-validation</c>): a loopback demo only; see docs/SECURITY.md.</param>
public sealed record DataLaneTls(X509Certificate2 Certificate, bool RequireMutualAuthentication, bool SuppressValidation)
{
    /// <summary>
    /// The lane's TLS from a node's configuration: null when <c>enable-ssl</c> is off. Throws a
    /// <see cref="ConfigurationException"/> naming the key when TLS is on but no certificate file is set.
    /// </summary>
    public static DataLaneTls? FromConfig(Config config)
    {
        if (!config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false))
        {
            return null;
        }

        var ssl = config.GetConfig("akka.remote.dot-netty.tcp.ssl");
        var path = ssl?.GetString("certificate.path", null);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ConfigurationException(
                "The data lane needs the node certificate as a file (akka.remote.dot-netty.tcp.ssl.certificate.path, or --tls-cert) when TLS is on; " +
                "set it or turn the lane off with scalefl.transfer.data-lane.enabled = off.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, ssl!.GetString("certificate.password", null) ?? string.Empty);
        return new DataLaneTls(certificate, ssl.GetBoolean("require-mutual-authentication", true), ssl.GetBoolean("suppress-validation", false));
    }

    /// <summary>Authenticates the receiving side of a lane connection.</summary>
    public async Task<Stream> AcceptAsync(Stream connection, CancellationToken cancel)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificate = Certificate,
                ClientCertificateRequired = RequireMutualAuthentication,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accept(certificate, errors, RequireMutualAuthentication),
            },
            cancel).ConfigureAwait(false);
        return tls;
    }

    /// <summary>Authenticates the sending side of a lane connection to <paramref name="host"/>.</summary>
    public async Task<Stream> ConnectAsync(Stream connection, string host, CancellationToken cancel)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = [Certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accept(certificate, errors, required: true),
            },
            cancel).ConfigureAwait(false);
        return tls;
    }

    private bool Accept(X509Certificate? certificate, SslPolicyErrors errors, bool required)
    {
        if (certificate is null)
        {
            return !required;
        }

        return SuppressValidation || errors == SslPolicyErrors.None;
    }
}
