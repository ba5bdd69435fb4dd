using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Methods;

/// <summary>DepthFL's loss at every depth: cross-entropy plus mutual self-distillation between the classifiers.</summary>
public sealed class SelfDistillationObjectiveFactory : IObjectiveFactory
{
    private static readonly SelfDistillationObjective Objective = new();

    /// <inheritdoc />
    public string Name => Objective.Name;

    /// <inheritdoc />
    public IStageObjective For(int stageCount, int stage) => Objective;
}
