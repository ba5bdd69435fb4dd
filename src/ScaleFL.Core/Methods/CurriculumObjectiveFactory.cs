using ScaleFL.Core.Objective;

namespace ScaleFL.Core.Methods;

/// <summary>
/// The Curriculum Mentor's objective for each stage. Lambdas not given fall back to the default
/// curriculum for the model's block count (lambda1 0.5 down to 0.05, lambda2 0.05 up to 0.5).
/// </summary>
public sealed class CurriculumObjectiveFactory(
    IReadOnlyList<double>? lambda1 = null, IReadOnlyList<double>? lambda2 = null, KernelBandwidth? bandwidth = null)
    : IObjectiveFactory
{
    /// <inheritdoc />
    public string Name => "curriculum";

    /// <inheritdoc />
    public IStageObjective For(int stageCount, int stage) => new CurriculumObjective(Schedule(stageCount), bandwidth);

    /// <summary>The per-block weights for a model of <paramref name="stageCount"/> blocks.</summary>
    public CurriculumSchedule Schedule(int stageCount)
    {
        var defaults = CurriculumSchedule.Default(stageCount);
        return CurriculumSchedule.FromValues(lambda1 ?? defaults.Lambda1, lambda2 ?? defaults.Lambda2, stageCount);
    }
}
