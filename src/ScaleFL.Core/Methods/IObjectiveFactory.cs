using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Methods;

/// <summary>Gives the loss a stage trains with; the curriculum's weights depend on the stage.</summary>
public interface IObjectiveFactory
{
    /// <summary>Name used in results, for example <c>curriculum</c>.</summary>
    string Name { get; }

    /// <summary>The objective of stage <paramref name="stage"/> (0-based) of a model with <paramref name="stageCount"/> blocks.</summary>
    IStageObjective For(int stageCount, int stage);
}
