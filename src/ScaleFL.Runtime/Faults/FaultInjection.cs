using Akka.Actor;
using ScaleFL.Core.Data;
using ScaleFL.Core.Faults;
using ScaleFL.Core.Methods;
using ScaleFL.Runtime.Devices;

namespace ScaleFL.Runtime.Faults;

/// <summary>
/// Contract of a <see cref="FaultInjector"/>: it stands between the server and one simulated
/// <see cref="ClientDevice"/>, registers itself as the device, and carries out that client's
/// entries of a <see cref="FaultPlan"/> on the messages it relays (tasks in; updates, declines and
/// dropouts out). What is active when is the plan's (Core) decision; the injector only holds,
/// drops, copies or rewrites messages and restarts the device after a crash. Lost messages are
/// announced as dropouts when the device announces its own (simulation), so a round closes
/// without waiting for its wall-clock bound and a run with faults repeats exactly.
/// </summary>
public static class FaultInjection
{
    /// <summary>
    /// Creates the injector and, as its child, a device built from the same arguments as
    /// <see cref="ClientDeviceProtocol.Props"/>. <paramref name="plan"/> holds this client's
    /// entries; <paramref name="seed"/> drives the drop draws; <paramref name="log"/> receives
    /// every injected fault.
    /// </summary>
    public static Props Props(
        ClientDeviceSettings settings,
        IActorRef server,
        ClientDataView data,
        TrainingExecutor executor,
        TimeProvider time,
        FaultPlan plan,
        int seed,
        FaultLog log) =>
        Akka.Actor.Props.Create(() => new FaultInjector(settings.Validate(), server, data, executor, time, plan, seed, log));

    /// <summary>The training of the armed task reached its crash step.</summary>
    internal sealed record CrashNow(int Round, int Attempt, int Steps);

    /// <summary>A held message whose delay is over.</summary>
    internal sealed record Deliver(bool ToServer, object Message);
}
