using Akka.Actor;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Runtime.Tests.Transport;

public sealed class BulkTransferHostingTests
{
    [Fact]
    public async Task Hosted_node_with_remoting_gets_the_transport_frame_size_and_a_running_inbox()
    {
        // The test project has no generic host; starting the hosted services is what it would do.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime, Lifetime>()
            .AddAkka("hosted", builder => builder
                .WithRemoting(new RemoteOptions { HostName = "127.0.0.1", Port = 0 })
                .WithBulkTransfer());
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var system = provider.GetRequiredService<ActorSystem>();
        var inbox = await system.ActorSelection("/user/" + TransferProtocol.InboxName).ResolveOne(TimeSpan.FromSeconds(5));

        Assert.Equal(1024 * 1024, system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null));
        Assert.Equal(BulkTransfer.Get(system).Inbox, inbox);
        Assert.IsType<TransferSerializer>(system.Serialization.FindSerializerForType(typeof(TransferProtocol.TransferChunk)));
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
