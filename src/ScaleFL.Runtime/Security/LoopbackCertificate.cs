using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// A self-signed node certificate for localhost and 127.0.0.1, for loopback demos, benchmarks and
/// tests. No authority vouches for it: peers accept it only with <c>suppress-validation = true</c>,
/// which a deployment must not use (docs/SECURITY.md makes a CA instead).
/// </summary>
public static class LoopbackCertificate
{
    /// <summary>Writes a 2048-bit RSA certificate valid from yesterday for <paramref name="days"/> days to <paramref name="path"/> as PKCS#12.</summary>
    public static void WritePfx(string path, string password, int days = 1)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=scalefl-loopback", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
