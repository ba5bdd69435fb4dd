using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScaleFL.Runtime.Tests.Cluster;

/// <summary>Node certificates for TLS tests, written as PKCS#12 files.</summary>
internal static class TestCertificates
{
    /// <summary>A self-signed certificate for localhost and 127.0.0.1, valid for a day, at <paramref name="directory"/>/node.pfx.</summary>
    public static string SelfSignedPfx(string directory, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=scalefl-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(directory, "node.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
