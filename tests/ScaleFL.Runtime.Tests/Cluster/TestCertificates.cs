using ScaleFL.Runtime.Security;

namespace ScaleFL.Runtime.Tests.Cluster;

/// <summary>Node certificates for TLS tests, written as PKCS#12 files.</summary>
internal static class TestCertificates
{
    /// <summary>A self-signed certificate for localhost and 127.0.0.1 at <paramref name="directory"/>/node.pfx.</summary>
    public static string SelfSignedPfx(string directory, string password)
    {
        var path = Path.Combine(directory, "node.pfx");
        LoopbackCertificate.WritePfx(path, password);
        return path;
    }
}
