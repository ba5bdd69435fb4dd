namespace ScaleFL.Runtime.Cluster;

/// <summary>
/// When a client counts its server as lost and when it gives up rejoining. The server is lost
/// once it has been unreachable for <see cref="LostAfter"/>, or at once when it left the
/// membership without saying the run finished (downed, crashed, restarted). A lost server is
/// looked for again, with a new cluster node each time, until the client registers again (which
/// ends the loss) or <see cref="RejoinTimeout"/> has passed since the loss began (give up: exit
/// non-zero). Thread-safe: the locator actor reports cluster events, the client's loop reads it.
/// Plain class, tested with a fake clock.
/// </summary>
public sealed class RejoinPolicy
{
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private long? unreachableSince;
    private long? lostSince;

    /// <param name="lostAfter">How long the server may stay unreachable before it counts as lost. Positive.</param>
    /// <param name="rejoinTimeout">How long to keep trying to rejoin a lost server. Positive.</param>
    /// <param name="time">The clock.</param>
    public RejoinPolicy(TimeSpan lostAfter, TimeSpan rejoinTimeout, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lostAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rejoinTimeout, TimeSpan.Zero);
        (LostAfter, RejoinTimeout, this.time) = (lostAfter, rejoinTimeout, time);
    }

    /// <summary>How long the server may stay unreachable before it counts as lost.</summary>
    public TimeSpan LostAfter { get; }

    /// <summary>How long a lost server is looked for before giving up.</summary>
    public TimeSpan RejoinTimeout { get; }

    /// <summary>True once the server is lost: the client's node should be replaced by a new one that joins again.</summary>
    public bool ServerLost
    {
        get
        {
            lock (gate)
            {
                return lostSince is not null || (unreachableSince is { } since && time.GetElapsedTime(since) >= LostAfter);
            }
        }
    }

    /// <summary>True when the server was lost and <see cref="RejoinTimeout"/> passed without registering again.</summary>
    public bool GivesUp => Remaining <= TimeSpan.Zero;

    /// <summary>Time left to rejoin, never negative; <see cref="RejoinTimeout"/> while the server is not lost.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (gate)
            {
                var since = lostSince ?? (unreachableSince is { } unreachable && time.GetElapsedTime(unreachable) >= LostAfter ? unreachable : null);
                var left = since is { } start ? RejoinTimeout - time.GetElapsedTime(start) : RejoinTimeout;
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>The server stopped answering; the loss clock starts unless it already runs.</summary>
    public void ServerUnreachable()
    {
        lock (gate)
        {
            unreachableSince ??= time.GetTimestamp();
        }
    }

    /// <summary>The server answers again before it counted as lost: nothing happened.</summary>
    public void ServerReachable()
    {
        lock (gate)
        {
            unreachableSince = null;
        }
    }

    /// <summary>The server left the membership without saying the run finished, or this node was removed: lost now (or since it became unreachable).</summary>
    public void ServerRemoved()
    {
        lock (gate)
        {
            lostSince ??= unreachableSince ?? time.GetTimestamp();
        }
    }

    /// <summary>The device registered with a server (again): any loss is over.</summary>
    public void Registered()
    {
        lock (gate)
        {
            (unreachableSince, lostSince) = (null, null);
        }
    }
}
