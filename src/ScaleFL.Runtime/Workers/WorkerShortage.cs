using System.Globalization;

namespace ScaleFL.Runtime.Workers;

/// <summary>What a spread simulation does on a placement check, given how many workers are left.</summary>
public enum ShortageAction
{
    /// <summary>Workers are there (or none joined yet): place and re-home as usual.</summary>
    CarryOn,

    /// <summary>No worker is left; wait for one to join (<see cref="ShortageStep.Line"/> says so once).</summary>
    Wait,

    /// <summary>No worker is left and none will come: end the run with <see cref="ShortageStep.Line"/>.</summary>
    GiveUp,
}

/// <summary>One decision of <see cref="WorkerShortage"/>: what to do, and the console line to print (null: nothing new to say).</summary>
public sealed record ShortageStep(ShortageAction Action, string? Line);

/// <summary>
/// The decision behind a simulation whose workers are all gone (the last one crashed, was killed,
/// or could not load its devices' data): with local workers (<c>simulate --workers K</c>) nobody
/// else will come, so the run ends at once; with workers started elsewhere
/// (<c>--expect-workers K</c>) a new one may join, so the run waits for one up to
/// <c>grace</c> (the registration timeout) and then ends. Before the first worker joined, no worker
/// is no shortage (the run is still starting). Plain and clock-driven (<see cref="TimeProvider"/>),
/// so it is tested without an actor system; <see cref="DevicePlacement"/> applies it.
/// </summary>
public sealed class WorkerShortage
{
    private readonly bool localWorkers;
    private readonly TimeSpan grace;
    private readonly TimeProvider time;
    private bool anyJoined;
    private DateTimeOffset? emptySince;

    /// <summary>A decision for local workers (<paramref name="localWorkers"/>) or workers started elsewhere, which get <paramref name="grace"/> (positive) to come back.</summary>
    public WorkerShortage(bool localWorkers, TimeSpan grace, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grace, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        this.localWorkers = localWorkers;
        this.grace = grace;
        this.time = time;
    }

    /// <summary>The step for a check that found <paramref name="workersLeft"/> (0 or more) live worker members.</summary>
    public ShortageStep Observe(int workersLeft)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workersLeft);
        if (workersLeft > 0)
        {
            anyJoined = true;
            var rejoined = emptySince is not null;
            emptySince = null;
            return new ShortageStep(ShortageAction.CarryOn, rejoined ? $"a worker joined; {workersLeft} worker(s) now host the devices" : null);
        }

        if (!anyJoined)
        {
            return new ShortageStep(ShortageAction.CarryOn, null);
        }

        if (localWorkers)
        {
            return new ShortageStep(ShortageAction.GiveUp, "all workers are gone (each one crashed, was killed or could not host its devices; see its lines above), so no device can train; the run stops here (the last checkpoint and metrics.csv are kept; --resume continues it).");
        }

        var now = time.GetUtcNow();
        if (emptySince is not { } since)
        {
            emptySince = now;
            return new ShortageStep(ShortageAction.Wait, $"no worker left; waiting up to {Seconds(grace)} s for a worker to join");
        }

        return now - since >= grace
            ? new ShortageStep(ShortageAction.GiveUp, $"all workers are gone and none joined within {Seconds(grace)} s; the run stops here (the last checkpoint and metrics.csv are kept; --resume continues it).")
            : new ShortageStep(ShortageAction.Wait, null);
    }

    /// <summary>
    /// The step when a local worker process (<c>simulate --workers K</c>) exited, named by
    /// <paramref name="worker"/> (for example "worker 2") with <paramref name="exitCode"/>, while the
    /// run still waited for its workers to join: nobody will start it again, so the run would wait
    /// for it forever; it ends at once. Workers started elsewhere never report an exit (their loss
    /// is a member leaving, <see cref="Observe"/>), so for them the run carries on.
    /// </summary>
    public ShortageStep ExitedBeforeJoining(string worker, int exitCode) => localWorkers
        ? new ShortageStep(
            ShortageAction.GiveUp,
            $"{worker} exited (code {exitCode.ToString(CultureInfo.InvariantCulture)}) before every worker joined (see its lines above); no process will take its place, so the run stops here (the last checkpoint and metrics.csv are kept; --resume continues it).")
        : new ShortageStep(ShortageAction.CarryOn, null);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
}
