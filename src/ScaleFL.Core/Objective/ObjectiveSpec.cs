using System.Globalization;

namespace ScaleFL.Core.Objective;

/// <summary>
/// The objective of one stage as plain values, so the server can send it with a task and the
/// device trains exactly what the mentor chose (PAPER.md, Curriculum Mentor): the loss's name,
/// this block's lambda1 and lambda2, and the kernel width rule of its nHSIC terms.
/// </summary>
/// <param name="Name"><c>curriculum</c>, <c>cross-entropy</c> or <c>self-distillation</c> (DepthFL).</param>
/// <param name="Lambda1">Weight of nHSIC(Z, X) for this block; 0 for cross-entropy. Finite, at least 0.</param>
/// <param name="Lambda2">Weight of nHSIC(P, Y) for this block; 0 for cross-entropy. Finite, at least 0.</param>
/// <param name="Bandwidth">Kernel width rule as <see cref="KernelBandwidth.Parse"/> reads it (<c>fixed:5</c>, <c>median</c>).</param>
public sealed record ObjectiveSpec(string Name, double Lambda1, double Lambda2, string Bandwidth)
{
    /// <summary>Plain cross-entropy.</summary>
    public static ObjectiveSpec CrossEntropy { get; } = new("cross-entropy", 0, 0, KernelBandwidth.Paper.ToString());

    /// <summary>The spec of <paramref name="objective"/> at <paramref name="stage"/> (0-based).</summary>
    public static ObjectiveSpec Of(IStageObjective objective, int stage)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return objective is CurriculumObjective curriculum
            ? new ObjectiveSpec(curriculum.Name, curriculum.Schedule.Lambda1At(stage), curriculum.Schedule.Lambda2At(stage), curriculum.Bandwidth.ToString())
            : new ObjectiveSpec(objective.Name, 0, 0, KernelBandwidth.Paper.ToString());
    }

    /// <summary>
    /// Builds the objective for a model of <paramref name="stageCount"/> blocks. Throws an
    /// <see cref="ArgumentException"/> naming the field when the name is unknown or a value is out of range.
    /// </summary>
    public IStageObjective Create(int stageCount)
    {
        switch (Name)
        {
            case "cross-entropy":
                return new CrossEntropyObjective();
            case SelfDistillationObjective.ObjectiveName:
                return new SelfDistillationObjective();
            case "curriculum":
                // Every block gets this block's weights: the device only ever evaluates the stage it was sent.
                var schedule = CurriculumSchedule.FromValues(
                    Enumerable.Repeat(Lambda1, stageCount).ToArray(), Enumerable.Repeat(Lambda2, stageCount).ToArray(), stageCount);
                return new CurriculumObjective(schedule, ParseBandwidth());
            default:
                throw new ArgumentException($"ObjectiveSpec.Name is '{Name}'; allowed: curriculum, cross-entropy, {SelfDistillationObjective.ObjectiveName}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name == "curriculum"
        ? string.Create(CultureInfo.InvariantCulture, $"curriculum(lambda1={Lambda1:0.####}, lambda2={Lambda2:0.####}, {Bandwidth})")
        : Name;

    private KernelBandwidth ParseBandwidth()
    {
        try
        {
            return KernelBandwidth.Parse(Bandwidth);
        }
        catch (Exception error) when (error is FormatException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"ObjectiveSpec.Bandwidth is '{Bandwidth}'; allowed: median, fixed:SIGMA.", error);
        }
    }
}
