using ScaleFL.Core.Memory;

namespace ScaleFL.Core.Methods;

/// <summary>Only clients that could train the whole network join ("FedAvg exclusive").</summary>
public sealed class ExclusiveParticipation : IParticipationPolicy
{
    /// <inheritdoc />
    public string Name => "exclusive";

    /// <inheritdoc />
    public bool CanJoin(long memoryBudgetBytes, MemoryFootprint stage, MemoryFootprint fullModel) =>
        memoryBudgetBytes >= fullModel.TotalBytes;
}
