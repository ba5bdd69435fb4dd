using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Methods;

/// <summary>Decides whether a client with a given memory budget takes part in a round.</summary>
public interface IParticipationPolicy
{
    /// <summary>Name used in results.</summary>
    string Name { get; }

    /// <summary>
    /// True when a client with <paramref name="memoryBudgetBytes"/> joins a round whose trainable
    /// set needs <paramref name="stage"/>; <paramref name="fullModel"/> is the footprint of
    /// training the whole network.
    /// </summary>
    bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel);
}

/// <summary>A client joins a stage iff its budget covers that stage's training footprint.</summary>
public sealed class MemoryAwareParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "memory-aware";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) =>
        memoryBudgetBytes >= stage.TotalBytes;
}

/// <summary>Only clients that could train the whole network join ("FedAvg exclusive").</summary>
public sealed class ExclusiveParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "exclusive";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) =>
        memoryBudgetBytes >= fullModel.TotalBytes;
}

/// <summary>Everyone joins, as if memory were unlimited: the upper bound, not feasible on devices.</summary>
public sealed class UnlimitedParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "unlimited";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) => true;
}
