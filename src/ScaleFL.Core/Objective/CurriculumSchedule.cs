using System.Globalization;

namespace ScaleFL.Core.Objective;

/// <summary>
/// The Curriculum Mentor's per-block weights: lambda1(k) on nHSIC(Z, X) keeps the input, lambda2(k)
/// on nHSIC(P, Y) pulls toward the label. Early blocks keep more of the input, later ones
/// concentrate on the label. The paper does not publish values; the default (PAPER.md [choice])
/// runs lambda1 linearly from 0.5 down to 0.05 and lambda2 from 0.05 up to 0.5 over blocks 0..T-1.
/// </summary>
public sealed class CurriculumSchedule
{
    /// <summary>Default lambda1 of the first block.</summary>
    public const double DefaultLambda1First = 0.5;

    /// <summary>Default lambda1 of the last block.</summary>
    public const double DefaultLambda1Last = 0.05;

    /// <summary>Default lambda2 of the first block.</summary>
    public const double DefaultLambda2First = 0.05;

    /// <summary>Default lambda2 of the last block.</summary>
    public const double DefaultLambda2Last = 0.5;

    private readonly double[] lambda1;
    private readonly double[] lambda2;

    private CurriculumSchedule(double[] lambda1, double[] lambda2)
    {
        this.lambda1 = lambda1;
        this.lambda2 = lambda2;
    }

    /// <summary>T, the number of blocks the schedule covers.</summary>
    public int BlockCount => lambda1.Length;

    /// <summary>lambda1 per block (weight of nHSIC(Z, X)).</summary>
    public IReadOnlyList<double> Lambda1 => lambda1;

    /// <summary>lambda2 per block (weight of nHSIC(P, Y)).</summary>
    public IReadOnlyList<double> Lambda2 => lambda2;

    /// <summary>The default linear schedule over <paramref name="blockCount"/> blocks; T = 1 gives the first values.</summary>
    public static CurriculumSchedule Default(int blockCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        return new CurriculumSchedule(
            Linear(DefaultLambda1First, DefaultLambda1Last, blockCount),
            Linear(DefaultLambda2First, DefaultLambda2Last, blockCount));
    }

    /// <summary>Explicit per-block values, validated against <paramref name="blockCount"/>.</summary>
    public static CurriculumSchedule FromValues(IReadOnlyList<double> lambda1, IReadOnlyList<double> lambda2, int blockCount)
    {
        ArgumentNullException.ThrowIfNull(lambda1);
        ArgumentNullException.ThrowIfNull(lambda2);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        Validate(nameof(Lambda1), lambda1, blockCount);
        Validate(nameof(Lambda2), lambda2, blockCount);
        return new CurriculumSchedule([.. lambda1], [.. lambda2]);
    }

    /// <summary>
    /// Comma-separated values such as <c>"0.5,0.3,0.1,0.05"</c> (invariant culture), validated
    /// against <paramref name="blockCount"/>.
    /// </summary>
    public static CurriculumSchedule Parse(string lambda1, string lambda2, int blockCount) =>
        FromValues(ParseList(nameof(Lambda1), lambda1), ParseList(nameof(Lambda2), lambda2), blockCount);

    /// <summary>lambda1 of <paramref name="stage"/> (0-based).</summary>
    public double Lambda1At(int stage) => lambda1[CheckedStage(stage)];

    /// <summary>lambda2 of <paramref name="stage"/> (0-based).</summary>
    public double Lambda2At(int stage) => lambda2[CheckedStage(stage)];

    /// <inheritdoc />
    public override string ToString() => $"lambda1={Format(lambda1)}; lambda2={Format(lambda2)}";

    private static double[] Linear(double first, double last, int count) =>
        [.. Enumerable.Range(0, count).Select(k => count == 1 ? first : first + ((last - first) * k / (count - 1)))];

    private static void Validate(string field, IReadOnlyList<double> values, int blockCount)
    {
        if (values.Count != blockCount)
        {
            throw new ArgumentException(
                $"{field} needs one value per block ({blockCount}); got {values.Count}: '{Format(values)}'.", field);
        }

        for (var k = 0; k < values.Count; k++)
        {
            if (!double.IsFinite(values[k]) || values[k] < 0)
            {
                throw new ArgumentOutOfRangeException(
                    field, values[k], $"{field}[{k}] must be a finite number >= 0; got {values[k].ToString(CultureInfo.InvariantCulture)}.");
            }
        }
    }

    private static double[] ParseList(string field, string text)
    {
        ArgumentNullException.ThrowIfNull(text, field);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]))
            {
                throw new FormatException($"{field}[{k}] is not a number: '{parts[k]}' in '{text}'.");
            }
        }

        return values;
    }

    private static string Format(IEnumerable<double> values) =>
        string.Join(",", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));

    private int CheckedStage(int stage)
    {
        if (stage < 0 || stage >= lambda1.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, $"The curriculum covers blocks 0..{lambda1.Length - 1}.");
        }

        return stage;
    }
}
