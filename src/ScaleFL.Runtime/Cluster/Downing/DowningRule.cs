using Akka.Actor;

namespace ScaleFL.Runtime.Cluster.Downing;

/// <summary>
/// Which members to down, decided only on the server: a client member that has stayed
/// unreachable from the server for <paramref name="downAfter"/> is downed (its device then
/// terminates, the aggregator counts it as a dropout and frees its client id). A server never
/// downs another server-role member, and a client decides nothing: it cannot remove the server
/// however its view of the cluster looks (a client that lost the server rejoins instead, see
/// <see cref="RejoinPolicy"/>). The clock starts when the server itself observes the
/// unreachability, so a server that was paused does not down its clients the moment it wakes up.
/// Plain class: the <see cref="ServerDowning"/> actor only feeds it cluster events and applies it.
/// </summary>
/// <param name="downAfter">How long a client must stay unreachable before it is downed. Positive.</param>
/// <param name="time">The clock.</param>
public sealed class DowningRule(TimeSpan downAfter, TimeProvider time)
{
    private readonly Dictionary<Address, (bool IsServer, long Since)> unreachable = [];
    private readonly HashSet<Address> downed = [];

    /// <summary>How long a client must stay unreachable before it is downed.</summary>
    public TimeSpan DownAfter { get; } = downAfter > TimeSpan.Zero
        ? downAfter
        : throw new ArgumentOutOfRangeException(nameof(downAfter), downAfter, "The time before an unreachable client is downed must be positive.");

    /// <summary><paramref name="member"/> became unreachable from this node; its clock starts now unless it is already running.</summary>
    public void Unreachable(Address member, bool isServer) => unreachable.TryAdd(member, (isServer, time.GetTimestamp()));

    /// <summary><paramref name="member"/> answers again: its clock stops.</summary>
    public void Reachable(Address member) => unreachable.Remove(member);

    /// <summary><paramref name="member"/> left the membership: nothing more to decide about it.</summary>
    public void Removed(Address member)
    {
        unreachable.Remove(member);
        downed.Remove(member);
    }

    /// <summary>
    /// The members to down now, each returned once: clients unreachable for at least
    /// <see cref="DownAfter"/>; none unless <paramref name="selfIsServer"/>.
    /// </summary>
    public IReadOnlyList<Address> Decide(bool selfIsServer)
    {
        if (!selfIsServer)
        {
            return [];
        }

        var due = unreachable
            .Where(entry => !entry.Value.IsServer && !downed.Contains(entry.Key) && time.GetElapsedTime(entry.Value.Since) >= DownAfter)
            .Select(entry => entry.Key)
            .ToList();
        downed.UnionWith(due);
        return due;
    }
}
