using System.Globalization;

namespace ScaleFL.Core.Experiments;

/// <summary>One point of a sweep: the settings it changes and the options they give.</summary>
/// <param name="Index">1-based position in the grid.</param>
/// <param name="Label">The settings, for example <c>lambda1=0.5,0.3,0.1,0.05 lr=0.05</c>.</param>
/// <param name="Options">The base options with those settings applied.</param>
public sealed record SweepPoint(int Index, string Label, ExperimentOptions Options);

/// <summary>
/// A grid of experiment settings, written <c>FIELD=ALT|ALT|...;FIELD=...</c>. Every combination
/// of one alternative per field is a <see cref="SweepPoint"/>. List fields (<c>lambda1</c>,
/// <c>lambda2</c>) take one comma list per alternative, so <c>|</c> separates alternatives; the
/// number fields (<c>lr</c>, <c>momentum</c>, <c>weight-decay</c>, <c>batch-size</c>,
/// <c>local-epochs</c>, <c>rounds</c>, <c>per-round</c>, <c>output-lr-scale</c>) accept <c>,</c>
/// or <c>|</c>; text fields (<c>schedule</c>, <c>partition</c>, <c>budgets</c>,
/// <c>hsic-bandwidth</c>, <c>stand-ins</c>) take <c>|</c> only.
/// Example: <c>lambda1=0.5,0.3,0.1,0.05|0.2,0.2,0.2,0.2;lr=0.01,0.05</c> has four points.
/// </summary>
public sealed class SweepGrid
{
    /// <summary>The fields a grid may set.</summary>
    public static IReadOnlyList<string> Fields { get; } =
        [
            "lambda1", "lambda2", "lr", "momentum", "weight-decay", "batch-size", "local-epochs", "rounds", "per-round",
            "output-lr-scale", "schedule", "partition", "budgets", "hsic-bandwidth", "stand-ins",
        ];

    private readonly List<(string Field, string[] Alternatives)> axes;

    private SweepGrid(List<(string Field, string[] Alternatives)> axes) => this.axes = axes;

    /// <summary>Points in the grid: the product of every field's alternatives.</summary>
    public int Count => axes.Aggregate(1, (product, axis) => product * axis.Alternatives.Length);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExperimentException"/> naming the field or value at fault.</summary>
    public static SweepGrid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var axes = new List<(string, string[])>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ExperimentException($"grid: '{part}' is not FIELD=VALUES, e.g. lr=0.01,0.05.");
            }

            var field = part[..equals].Trim().ToLowerInvariant();
            if (!Fields.Contains(field))
            {
                throw new ExperimentException($"grid: unknown field '{field}'; allowed: {string.Join(", ", Fields)}.");
            }

            if (axes.Any(axis => axis.Item1 == field))
            {
                throw new ExperimentException($"grid: field '{field}' appears twice.");
            }

            var alternatives = Split(field, part[(equals + 1)..]);
            if (alternatives.Length == 0)
            {
                throw new ExperimentException($"grid: field '{field}' has no values.");
            }

            foreach (var alternative in alternatives)
            {
                Apply(new ExperimentOptions(), field, alternative);
            }

            axes.Add((field, alternatives));
        }

        return axes.Count > 0 ? new SweepGrid(axes) : throw new ExperimentException("grid: no fields given, e.g. --grid \"lr=0.01,0.05\".");
    }

    /// <summary>Every combination applied to <paramref name="baseOptions"/>, the last field varying fastest.</summary>
    public IReadOnlyList<SweepPoint> Points(ExperimentOptions baseOptions)
    {
        var combinations = new List<List<(string Field, string Value)>> { new() };
        foreach (var (field, alternatives) in axes)
        {
            combinations = [.. combinations.SelectMany(prefix => alternatives.Select(value => new List<(string, string)>(prefix) { (field, value) }))];
        }

        return [.. combinations.Select((settings, i) => new SweepPoint(
            i + 1,
            string.Join(" ", settings.Select(setting => $"{setting.Field}={setting.Value}")),
            settings.Aggregate(baseOptions, (options, setting) => Apply(options, setting.Field, setting.Value))))];
    }

    private static string[] Split(string field, string values)
    {
        var separators = field is "lambda1" or "lambda2" or "schedule" or "partition" or "budgets" or "hsic-bandwidth" or "stand-ins"
            ? new[] { '|' }
            : [',', '|'];
        return values.Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static ExperimentOptions Apply(ExperimentOptions options, string field, string value) => field switch
    {
        "lambda1" => options with { Lambda1 = Numbers(field, value) },
        "lambda2" => options with { Lambda2 = Numbers(field, value) },
        "lr" => options with { LearningRate = Number(field, value) },
        "momentum" => options with { Momentum = Number(field, value) },
        "weight-decay" => options with { WeightDecay = Number(field, value) },
        "batch-size" => options with { BatchSize = Integer(field, value) },
        "local-epochs" => options with { LocalEpochs = Integer(field, value) },
        "rounds" => options with { Rounds = Integer(field, value) },
        "per-round" => options with { PerRound = Integer(field, value) },
        "schedule" => options with { Schedule = value },
        "output-lr-scale" => options with { OutputLrScale = Number(field, value) },
        "partition" => options with { Partition = value },
        "hsic-bandwidth" => options with { HsicBandwidth = value },
        "stand-ins" => options with { StandIns = value },
        _ => options with { Budgets = value },
    };

    private static double[] Numbers(string field, string value) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries).Select(item => Number(field, item))];

    private static double Number(string field, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new ExperimentException($"grid: {field} value '{value}' is not a number.");

    private static int Integer(string field, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ExperimentException($"grid: {field} value '{value}' is not a whole number.");
}
