using System.Net;
using System.Security.Cryptography.X509Certificates;
using ScaleFL.Runtime.Tests.Cluster;
using ScaleFL.Runtime.Transport.DataLane;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

/// <summary>The lane with TLS: the bytes of a TLS deployment go over the lane, encrypted, not in chunks.</summary>
public sealed class DataLaneTlsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-lane-tls-").FullName;
    private readonly X509Certificate2 certificate;

    public DataLaneTlsTests()
    {
        certificate = X509CertificateLoader.LoadPkcs12FromFile(TestCertificates.SelfSignedPfx(directory, "lane"), "lane");
    }

    [Fact]
    public async Task Bytes_arrive_whole_over_a_TLS_lane_between_nodes_sharing_a_certificate()
    {
        var options = Options(suppressValidation: true);
        using var listener = new DataLaneListener(IPAddress.Loopback, options);
        var bytes = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray();
        var ticket = Guid.NewGuid();
        var arrived = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Expect(ticket, bytes.Length, received => { using (received) { arrived.SetResult(received.ToArray()); } }, reason => arrived.TrySetException(new IOException(reason)));

        await DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, bytes, options, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(bytes, await arrived.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_plain_TCP_sender_cannot_use_a_TLS_lane()
    {
        using var listener = new DataLaneListener(IPAddress.Loopback, Options(suppressValidation: true));
        var ticket = Guid.NewGuid();
        var failed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Expect(ticket, 100, received => received.Dispose(), reason => failed.TrySetResult(reason));

        await Assert.ThrowsAsync<IOException>(() =>
            DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[100], Options(suppressValidation: true) with { Tls = null }, CancellationToken.None).WaitAsync(Patience));

        Assert.False(failed.Task.IsCompleted);
    }

    [Fact]
    public async Task With_validation_on_a_certificate_no_authority_vouches_for_is_refused()
    {
        var options = Options(suppressValidation: false);
        using var listener = new DataLaneListener(IPAddress.Loopback, options);
        var ticket = Guid.NewGuid();
        listener.Expect(ticket, 100, received => received.Dispose(), _ => { });

        var error = await Assert.ThrowsAsync<IOException>(() =>
            DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[100], options, CancellationToken.None).WaitAsync(Patience));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        certificate.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private DataLaneOptions Options(bool suppressValidation) =>
        DataLaneOptions.Default with { StallTimeout = TimeSpan.FromSeconds(10), Tls = new DataLaneTls(certificate, RequireMutualAuthentication: true, suppressValidation) };
}
