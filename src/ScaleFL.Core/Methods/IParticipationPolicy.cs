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
