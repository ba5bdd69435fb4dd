using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Methods;

/// <summary>A client joins a stage iff its budget covers that stage's training footprint.</summary>
public sealed class MemoryAwareParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "memory-aware";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) =>
        memoryBudgetBytes >= stage.TotalBytes;
}
