using Akka.Actor;
using Akka.Event;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// The sharded entity of one simulated device on a worker. The first <see cref="HostDevice"/>
/// loads the device's share (off the actor thread) and then starts the device as the child
/// <c>device</c>, which registers with the server itself; every <see cref="HostDevice"/> is
/// answered <see cref="DeviceHosted"/> once the device runs. Stopping the entity (its worker
/// leaves) stops the device and frees the share.
/// </summary>
internal sealed class HostedDevice : ReceiveActor
{
    private readonly DeviceHosting hosting;
    private readonly List<IActorRef> waiting = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IDisposable? share;
    private int? hostedId;
    private bool loading;

    public HostedDevice(DeviceHosting hosting)
    {
        this.hosting = hosting;
        Receive<HostDevice>(Handle);
        Receive<Loaded>(HandleLoaded);
        Receive<LoadFailed>(failed =>
        {
            loading = false;
            waiting.Clear();
            var line = $"cannot load the data of client {failed.Host.ClientId}: {failed.Error.Message}";
            log.Error(line);
            hosting.Failed(line);
        });
    }

    public static Props Props(DeviceHosting hosting) => Akka.Actor.Props.Create(() => new HostedDevice(hosting));

    protected override void PostStop() => share?.Dispose();

    private void Handle(HostDevice host)
    {
        if (hostedId is { } id)
        {
            Sender.Tell(new DeviceHosted(id));
            return;
        }

        waiting.Add(Sender);
        if (loading)
        {
            return;
        }

        loading = true;
        Task.Run(() => hosting.LoadShare(host.ClientId))
            .PipeTo(Self, success: loaded => new Loaded(host, loaded), failure: error => new LoadFailed(host, error));
    }

    private void HandleLoaded(Loaded loaded)
    {
        loading = false;
        share = loaded.Share.Owner;
        Context.ActorOf(hosting.DeviceProps(hosting.SettingsOf(loaded.Host), loaded.Share.Data), "device");
        hostedId = loaded.Host.ClientId;
        foreach (var asker in waiting)
        {
            asker.Tell(new DeviceHosted(loaded.Host.ClientId));
        }

        waiting.Clear();
    }

    private sealed record Loaded(HostDevice Host, LoadedShare Share);

    private sealed record LoadFailed(HostDevice Host, Exception Error);
}
