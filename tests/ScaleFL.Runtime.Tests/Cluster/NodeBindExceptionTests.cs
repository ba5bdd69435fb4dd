using System.Net;
using System.Net.Sockets;
using ScaleFL.Runtime.Cluster;

namespace ScaleFL.Runtime.Tests.Cluster;

public sealed class NodeBindExceptionTests
{
    [Fact]
    public void A_port_held_by_another_listener_is_named_with_its_address_and_the_cause()
    {
        using var holder = Hold(out var port);

        var error = Assert.Throws<NodeBindException>(() => NodeBindException.ThrowIfUnavailable("127.0.0.1", port));

        Assert.Equal($"cannot listen on 127.0.0.1:{port}: the port is in use by another process (another server or client on this machine?); stop it or choose another --port.", error.Message);
    }

    [Fact]
    public void A_free_port_and_port_0_pass()
    {
        int port;
        using (Hold(out port))
        {
        }

        NodeBindException.ThrowIfUnavailable("127.0.0.1", port);
        NodeBindException.ThrowIfUnavailable("127.0.0.1", 0);
    }

    [Fact]
    public void An_address_that_is_not_this_machine_s_is_named()
    {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): never assigned to a machine.
        var error = Assert.Throws<NodeBindException>(() => NodeBindException.ThrowIfUnavailable("192.0.2.1", 25520));

        Assert.StartsWith("cannot listen on 192.0.2.1:25520: that address is not one of this machine's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_socket_error_under_Akka_s_nested_wrappers_becomes_one_line()
    {
        var akkaLike = new AggregateException(new AggregateException(
            new InvalidOperationException("Failed to bind to [127.0.0.1:4053]. See InnerException for details.", new SocketException((int)SocketError.AddressAlreadyInUse))));

        var error = NodeBindException.From(akkaLike, "127.0.0.1", 4053);

        Assert.NotNull(error);
        Assert.StartsWith("cannot listen on 127.0.0.1:4053: the port is in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_lane_bind_failure_keeps_its_own_port_and_advice()
    {
        var lane = NodeBindException.ForDataLane(new SocketException((int)SocketError.AddressAlreadyInUse), "0.0.0.0", 4054);

        var error = NodeBindException.From(new AggregateException(new InvalidOperationException("extension failed", lane)), "127.0.0.1", 4053);

        Assert.Same(lane, error);
        Assert.Contains("0.0.0.0:4054", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_without_a_socket_error_is_not_a_bind_failure()
    {
        Assert.Null(NodeBindException.From(new AggregateException(new InvalidOperationException("bad config")), "127.0.0.1", 4053));
    }

    [Fact]
    public async Task A_node_started_on_a_taken_port_throws_the_named_error()
    {
        using var holder = Hold(out var port);

        var error = await Assert.ThrowsAsync<NodeBindException>(() => ClusterNode.StartAsync(new NodeOptions { Port = port, Config = LocalCluster.Fast }));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    private static TcpListener Hold(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }
}
