using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Methods;

/// <summary>Plain cross-entropy at every stage: the baselines' objective.</summary>
public sealed class CrossEntropyObjectiveFactory : IObjectiveFactory
{
    private static readonly CrossEntropyObjective Objective = new();

    /// <inheritdoc />
    public string Name => Objective.Name;

    /// <inheritdoc />
    public IStageObjective For(int stageCount, int stage) => Objective;
}
