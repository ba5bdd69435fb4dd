using System.Net;
using System.Net.Sockets;
using ScaleFL.Runtime.Transport.DataLane;

namespace ScaleFL.Runtime.Tests.Transport.DataLane;

public sealed class DataLaneListenerTests : IDisposable
{
    // Generous: the pool threads of a loaded test machine can be late by far more than a stall test needs.
    private static readonly DataLaneOptions Options = DataLaneOptions.Default with { StallTimeout = TimeSpan.FromSeconds(10) };
    private static readonly DataLaneOptions Impatient = DataLaneOptions.Default with { StallTimeout = TimeSpan.FromMilliseconds(500) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly DataLaneListener listener = new(IPAddress.Loopback, Options);

    [Fact]
    public async Task Bytes_sent_under_an_expected_ticket_arrive_whole()
    {
        var bytes = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray();
        var ticket = Guid.NewGuid();
        var arrived = Expect(ticket, bytes.Length, out var failed);

        await DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, bytes, Options, CancellationToken.None);

        Assert.Equal(bytes, await arrived.Task.WaitAsync(Patience));
        Assert.False(failed.Task.IsCompleted);
    }

    [Fact]
    public async Task A_ticket_nobody_expects_is_refused()
    {
        var error = await Assert.ThrowsAsync<IOException>(() =>
            DataLaneSender.SendAsync("127.0.0.1", listener.Port, Guid.NewGuid(), new byte[1000], Options, CancellationToken.None));

        Assert.Contains("UnknownTicket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_admits_one_connection_only()
    {
        var ticket = Guid.NewGuid();
        var arrived = Expect(ticket, 100, out _);
        await DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[100], Options, CancellationToken.None);
        await arrived.Task.WaitAsync(Patience);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[100], Options, CancellationToken.None));

        Assert.Contains("UnknownTicket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_length_other_than_the_offered_one_is_refused_and_reported()
    {
        var ticket = Guid.NewGuid();
        var arrived = Expect(ticket, 100, out var failed);

        var error = await Assert.ThrowsAsync<IOException>(() =>
            DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[101], Options, CancellationToken.None));

        Assert.Contains("WrongLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("101 bytes", await failed.Task.WaitAsync(Patience), StringComparison.Ordinal);
        Assert.False(arrived.Task.IsCompleted);
    }

    [Fact]
    public async Task A_sender_that_stalls_is_dropped_after_the_stall_timeout()
    {
        using var impatient = new DataLaneListener(IPAddress.Loopback, Impatient);
        var ticket = Guid.NewGuid();
        var arrived = Expect(impatient, ticket, 1000, out var failed);
        using var socket = await Connect(impatient);

        await socket.SendAsync(DataLaneWire.Header(ticket, 1000), SocketFlags.None);
        await socket.SendAsync(new byte[10], SocketFlags.None);

        Assert.Contains("bytes in", await failed.Task.WaitAsync(Patience), StringComparison.Ordinal);
        Assert.False(arrived.Task.IsCompleted);
        Assert.False(impatient.IsReceiving(ticket));
    }

    [Fact]
    public async Task A_connection_that_is_not_a_data_lane_is_closed_without_touching_expected_tickets()
    {
        var ticket = Guid.NewGuid();
        var arrived = Expect(ticket, 100, out var failed);
        using var socket = await Connect();

        await socket.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), SocketFlags.None);

        Assert.True(await ClosedByPeer(socket));
        await DataLaneSender.SendAsync("127.0.0.1", listener.Port, ticket, new byte[100], Options, CancellationToken.None);
        await arrived.Task.WaitAsync(Patience);
        Assert.False(failed.Task.IsCompleted);
    }

    [Fact]
    public async Task Forgetting_a_ticket_cancels_its_reception_silently()
    {
        var ticket = Guid.NewGuid();
        var arrived = Expect(ticket, 1000, out var failed);
        using var socket = await Connect();
        await socket.SendAsync(DataLaneWire.Header(ticket, 1000), SocketFlags.None);
        var ready = new byte[1];
        Assert.Equal(1, await socket.ReceiveAsync(ready, SocketFlags.None).WaitAsync(Patience));
        Assert.Equal((byte)DataLaneWire.Status.Ready, ready[0]);
        Assert.True(listener.IsReceiving(ticket));

        listener.Forget(ticket);

        Assert.True(await ClosedByPeer(socket));
        await Task.Delay(200);
        Assert.False(arrived.Task.IsCompleted);
        Assert.False(failed.Task.IsCompleted);
    }

    [Fact]
    public void A_port_already_in_use_is_named_in_the_error()
    {
        var error = Assert.Throws<ScaleFL.Runtime.Cluster.NodeBindException>(() => new DataLaneListener(IPAddress.Loopback, Options with { Port = listener.Port }));

        Assert.Contains($"127.0.0.1:{listener.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("scalefl.transfer.data-lane.port", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => listener.Dispose();

    private TaskCompletionSource<byte[]> Expect(Guid ticket, long length, out TaskCompletionSource<string> failed) =>
        Expect(listener, ticket, length, out failed);

    private static TaskCompletionSource<byte[]> Expect(DataLaneListener listener, Guid ticket, long length, out TaskCompletionSource<string> failed)
    {
        var arrived = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failure = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Expect(ticket, length, bytes => { using (bytes) { arrived.SetResult(bytes.ToArray()); } }, reason => failure.SetResult(reason));
        failed = failure;
        return arrived;
    }

    /// <summary>The peer closed: an orderly end of stream, or a reset when it left bytes unread.</summary>
    private static async Task<bool> ClosedByPeer(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(Patience) == 0;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private Task<Socket> Connect() => Connect(listener);

    private static async Task<Socket> Connect(DataLaneListener listener)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, listener.Port);
        return socket;
    }
}
