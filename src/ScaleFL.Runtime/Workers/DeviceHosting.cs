using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Devices;
using ScaleFL.Runtime.Faults;
using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>A loaded device share: the data (disposed when the device stops) and the view the device trains on.</summary>
/// <param name="Owner">What holds the share's images; disposed with the device.</param>
/// <param name="Data">The device's training samples, in the simulation's order for that client.</param>
public sealed record LoadedShare(IDisposable Owner, ClientDataView Data);

/// <summary>
/// What a worker node gives the devices it hosts: the server's aggregator and experiment (found
/// through the cluster like a client's), its fault plan, the loader of one device's share, the
/// shared training executor (the worker's slots), and the join secret's token.
/// </summary>
public sealed record DeviceHosting
{
    /// <summary>The aggregator the devices register with.</summary>
    public required IActorRef Server { get; init; }

    /// <summary>The server's experiment: model, data split, seed, fingerprint.</summary>
    public required ExperimentSpec Experiment { get; init; }

    /// <summary>
    /// Loads the training share of a client id (its share <c>id + 1</c> of the split), keeping only
    /// that share's images in memory; called off the actor thread. Throws on unreadable data.
    /// </summary>
    public required Func<int, LoadedShare> LoadShare { get; init; }

    /// <summary>Where the hosted devices train, at most its slot count at a time.</summary>
    public required TrainingExecutor Executor { get; init; }

    /// <summary>The server's fault plan; a device it names runs behind a <see cref="FaultInjector"/>. Default none.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>The join secret's token (<see cref="Security.JoinSecret.Token"/>); empty without a secret.</summary>
    public string JoinToken { get; init; } = string.Empty;

    /// <summary>Model catalog names the worker can build, declared at each device's registration.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Clock of the devices. Default the system's.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Hears a device's refusal or a share that cannot be loaded, with one line; the worker cannot go on.</summary>
    public Action<string> Failed { get; init; } = _ => { };

    /// <summary>The settings of the simulated device <paramref name="host"/> names, exactly as the one-process simulation builds them.</summary>
    public ClientDeviceSettings SettingsOf(HostDevice host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Settings() with { JoinToken = JoinToken, Fingerprint = Experiment.Fingerprint, Models = Models };
    }

    /// <summary>The device's props: plain, or behind a <see cref="FaultInjector"/> when the plan names it.</summary>
    public Props DeviceProps(ClientDeviceSettings settings, ClientDataView data)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var events = new DeviceEvents(reason => Failed($"the server refused client {settings.ClientId}: {reason}"), _ => { }, _ => { });
        var plan = Faults.For(settings.ClientId);
        return plan.Faults.Count == 0
            ? ClientDeviceProtocol.Props(settings, Server, data, Executor, Time, events)
            : FaultInjection.Props(settings, Server, data, Executor, Time, plan, events);
    }
}
