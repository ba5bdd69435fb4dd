using System.Globalization;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Memory;

/// <summary>
/// What a parent process asks a child to measure with <see cref="StageMemoryMeasurer"/>, passed
/// on the command line: <c>--model NAME --stage K --batch-size B --harmonizer true|false --steps N</c>.
/// </summary>
/// <param name="ModelName">Catalog name of the model; no whitespace.</param>
/// <param name="Stage">0-based stage, or <see cref="FullModel"/> (-1) for end-to-end training.</param>
/// <param name="BatchSize">Mini-batch size, at least 1.</param>
/// <param name="Harmonizer">Whether the stage co-adapts the previous block's tail.</param>
/// <param name="Steps">Training steps to run, at least 1.</param>
public sealed record MemoryProbeRequest(string ModelName, int Stage, int BatchSize, bool Harmonizer, int Steps)
{
    /// <summary>The <see cref="Stage"/> value meaning the full model.</summary>
    public const int FullModel = -1;

    /// <summary>Default of <see cref="Steps"/> when the command line omits it.</summary>
    public const int DefaultSteps = 3;

    public string ModelName { get; } = !string.IsNullOrWhiteSpace(ModelName) && !ModelName.Any(char.IsWhiteSpace)
        ? ModelName
        : throw new ArgumentException($"ModelName must be a non-empty name without whitespace; got '{ModelName}'.", nameof(ModelName));

    public int Stage { get; } = Stage >= FullModel
        ? Stage
        : throw new ArgumentOutOfRangeException(nameof(Stage), Stage, "Stage must be a 0-based stage or -1 for the full model.");

    public int BatchSize { get; } = BatchSize >= 1
        ? BatchSize
        : throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");

    public int Steps { get; } = Steps >= 1
        ? Steps
        : throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be at least 1.");

    /// <summary>
    /// The request that measures what a task trains: the full model when <paramref name="trainable"/>
    /// holds block 0 beyond stage 0 (only <see cref="CoAdaptationPlan.FullModel"/> does), else its
    /// stage, with the harmonizer when it co-adapts a previous block's tail.
    /// </summary>
    public static MemoryProbeRequest ForTask(string modelName, TrainableSet trainable, int batchSize, int steps = DefaultSteps)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        var full = trainable.Stage > 0 && trainable.Prefixes.Contains(StagedModel.BlockPrefix(0));
        return new MemoryProbeRequest(modelName, full ? FullModel : trainable.Stage, batchSize, trainable.CoAdaptedPrefixes.Count > 0, steps);
    }

    /// <summary>True when <see cref="Stage"/> is -1.</summary>
    public bool IsFullModel => Stage == FullModel;

    /// <summary>The trainable set this request means for <paramref name="model"/>.</summary>
    public TrainableSet TrainableSetFor(StagedModel model) =>
        IsFullModel ? CoAdaptationPlan.FullModel(model) : CoAdaptationPlan.ForStage(model, Stage, Harmonizer);

    /// <summary>The command-line arguments that <see cref="Parse"/> reads back.</summary>
    public IReadOnlyList<string> ToArgs() =>
    [
        "--model", ModelName,
        "--stage", Stage.ToString(CultureInfo.InvariantCulture),
        "--batch-size", BatchSize.ToString(CultureInfo.InvariantCulture),
        "--harmonizer", Harmonizer ? "true" : "false",
        "--steps", Steps.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>
    /// Reads <c>--model</c>, <c>--stage</c> and <c>--batch-size</c> (required), <c>--harmonizer</c>
    /// (default false) and <c>--steps</c> (default 3); unknown options are errors.
    /// </summary>
    public static MemoryProbeRequest Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < args.Count; index += 2)
        {
            var option = args[index];
            if (option is not ("--model" or "--stage" or "--batch-size" or "--harmonizer" or "--steps"))
            {
                throw new FormatException($"Unknown option '{option}'; allowed: --model, --stage, --batch-size, --harmonizer, --steps.");
            }

            if (index + 1 >= args.Count)
            {
                throw new FormatException($"Option '{option}' needs a value.");
            }

            values[option] = args[index + 1];
        }

        return new MemoryProbeRequest(
            Required(values, "--model"),
            ParseInt(Required(values, "--stage"), "--stage"),
            ParseInt(Required(values, "--batch-size"), "--batch-size"),
            values.TryGetValue("--harmonizer", out var harmonizer) && ParseBool(harmonizer, "--harmonizer"),
            values.TryGetValue("--steps", out var steps) ? ParseInt(steps, "--steps") : DefaultSteps);
    }

    private static string Required(Dictionary<string, string> values, string option) =>
        values.TryGetValue(option, out var value) ? value : throw new FormatException($"Missing required option '{option}'.");

    internal static int ParseInt(string text, string field) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{field} must be an integer; got '{text}'.");

    internal static bool ParseBool(string text, string field) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"{field} must be 'true' or 'false'; got '{text}'."),
    };
}
