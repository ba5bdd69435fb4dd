using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Methods;

/// <summary>Everyone joins, as if memory were unlimited: the upper bound, not feasible on devices.</summary>
public sealed class UnlimitedParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "unlimited";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) => true;
}
