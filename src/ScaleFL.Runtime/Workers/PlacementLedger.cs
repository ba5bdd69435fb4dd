using static ScaleFL.Runtime.Workers.WorkerProtocol;

namespace ScaleFL.Runtime.Workers;

/// <summary>
/// Which simulated devices run where (the decision behind <see cref="DevicePlacement"/>, plain
/// and tested without an actor system). Every device starts unhosted; an acknowledgement from a
/// host marks it hosted there; when a host is lost (its worker left or crashed) its devices are
/// unhosted again, to be re-homed. <typeparamref name="THost"/> is whatever identifies a host (an actor ref).
/// </summary>
public sealed class PlacementLedger<THost>
    where THost : notnull
{
    private readonly Dictionary<int, HostDevice> devices;
    private readonly Dictionary<int, THost> hostOf = [];

    /// <summary>A ledger of <paramref name="devices"/>, all unhosted.</summary>
    /// <exception cref="ArgumentException">Two orders name the same client id.</exception>
    public PlacementLedger(IEnumerable<HostDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        this.devices = [];
        foreach (var device in devices)
        {
            if (!this.devices.TryAdd(device.ClientId, device))
            {
                throw new ArgumentException($"Two devices have client id {device.ClientId}.", nameof(devices));
            }
        }
    }

    /// <summary>Devices in the ledger.</summary>
    public int Count => devices.Count;

    /// <summary>Devices whose host acknowledged them and is not lost.</summary>
    public int HostedCount => hostOf.Count;

    /// <summary>The orders of the devices without a host, by client id.</summary>
    public IReadOnlyList<HostDevice> Unhosted() =>
        [.. devices.Values.Where(device => !hostOf.ContainsKey(device.ClientId)).OrderBy(device => device.ClientId)];

    /// <summary>
    /// <paramref name="host"/> runs device <paramref name="clientId"/>; true when that is news (the
    /// device was unhosted or ran elsewhere), false for a repeated acknowledgement or an unknown id.
    /// </summary>
    public bool Hosted(int clientId, THost host)
    {
        if (!devices.ContainsKey(clientId) || (hostOf.TryGetValue(clientId, out var known) && EqualityComparer<THost>.Default.Equals(known, host)))
        {
            return false;
        }

        hostOf[clientId] = host;
        return true;
    }

    /// <summary><paramref name="host"/> is gone: its devices are unhosted again; returns their client ids, ascending.</summary>
    public IReadOnlyList<int> Lost(THost host)
    {
        var gone = hostOf.Where(pair => EqualityComparer<THost>.Default.Equals(pair.Value, host)).Select(pair => pair.Key).Order().ToList();
        foreach (var clientId in gone)
        {
            hostOf.Remove(clientId);
        }

        return gone;
    }
}
