using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Faults;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Runtime.Faults;

/// <summary>
/// Contract of a <see cref="FaultInjector"/>: it stands between the server and one
/// <see cref="ClientDevice"/> in the device's own process (the simulation's, or a
/// <c>scalefl client</c> whose server's plan names it), registers itself as the device, and carries
/// out that client's entries of a <see cref="FaultPlan"/> on the messages it relays (tasks in;
/// updates, declines and dropouts out). What is active when is the plan's (Core) decision; the
/// injector only holds, drops, copies or rewrites messages and restarts the device after a crash
/// (a new device with an empty cache, re-registered at once). Every fault is reported to the server
/// (<see cref="Server.AggregatorProtocol.FaultInjected"/>), which publishes it for faults.csv, so
/// both engines count faults in one place. Lost messages are announced as dropouts when the device
/// announces its own (simulation), so a round closes without waiting for its wall-clock bound and
/// a run with faults repeats exactly; on a cluster they are silent and the deadline finds them.
/// </summary>
public static class FaultInjection
{
    /// <summary>
    /// Creates the injector and, as its child, a device built from the same arguments as
    /// <see cref="ClientDeviceProtocol.Props"/>. Of <paramref name="plan"/> the injector carries out
    /// the entries of its client id (the device's, or the one the server hands out); the drop draws
    /// derive from the run seed each task carries.
    /// </summary>
    public static Props Props(
        ClientDeviceSettings settings,
        IActorRef server,
        ClientDataView data,
        TrainingExecutor executor,
        TimeProvider time,
        FaultPlan plan,
        DeviceEvents? events = null) =>
        Akka.Actor.Props.Create(() => new FaultInjector(settings.Validate(), server, data, executor, time, plan, events ?? DeviceEvents.None));

    /// <summary>The training of the armed task reached its crash step.</summary>
    internal sealed record CrashNow(int Round, int Attempt, int Steps);

    /// <summary>A held message whose delay is over.</summary>
    internal sealed record Deliver(bool ToServer, object Message);
}
