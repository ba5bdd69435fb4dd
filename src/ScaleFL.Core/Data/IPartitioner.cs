namespace ScaleFL.Core.Data;

/// <summary>
/// Splits a dataset's sample indices among clients. Every sample goes to exactly one client;
/// the same labels, client count and seed always give the same split.
/// </summary>
public interface IPartitioner
{
    /// <summary>Name used in configuration and results, for example <c>dirichlet(0.5)</c>.</summary>
    string Name { get; }

    /// <summary>Returns one index array per client.</summary>
    int[][] Split(IReadOnlyList<long> labels, int classCount, int clientCount, int seed);
}
