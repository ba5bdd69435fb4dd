namespace ScaleFL.Core.Experiments;

/// <summary>
/// Client ids handed out by the server to devices that hold their own data and so have no
/// <c>--share k/N</c> to name them (the way Flower's SuperLink numbers the nodes that connect).
/// Ids are 0..N-1 for a server planning N clients, as in the simulation, so sampling, budgets
/// and results files treat both kinds of device alike.
/// </summary>
public static class ClientIds
{
    /// <summary>The id a device registers with to ask the server for one.</summary>
    public const int Any = -1;

    /// <summary>
    /// The id for a device asking for one: <paramref name="heldByThisDevice"/> when the same device
    /// already holds an id (a retried registration must not take a second one), else the lowest id
    /// in 0..<paramref name="clientCount"/>-1 not in <paramref name="taken"/>. Null when all are
    /// taken; <see cref="FullMessage"/> says so.
    /// </summary>
    /// <param name="clientCount">Clients the server plans (N, at least 1).</param>
    /// <param name="taken">Ids held by other devices.</param>
    /// <param name="heldByThisDevice">The id this device already holds, if any.</param>
    public static int? Assign(int clientCount, IReadOnlyCollection<int> taken, int? heldByThisDevice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1);
        ArgumentNullException.ThrowIfNull(taken);
        if (heldByThisDevice is { } held)
        {
            return held;
        }

        for (var id = 0; id < clientCount; id++)
        {
            if (!taken.Contains(id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The one-line refusal when every one of <paramref name="clientCount"/> ids is held.</summary>
    public static string FullMessage(int clientCount) =>
        $"all {clientCount} client ids of this server are held by registered devices; start the server with a larger --clients";
}
