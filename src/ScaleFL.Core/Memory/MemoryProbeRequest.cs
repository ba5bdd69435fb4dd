using System.Globalization;
using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Memory;

/// <summary>
/// What a parent process asks a child to measure with <see cref="StageMemoryMeasurer"/>, passed
/// on the command line: <c>--model NAME --stage K --batch-size B --harmonizer true|false --steps N</c>,
/// plus <c>--width R</c> for a width-scaled sub-model (the whole model at width ratio R, static
/// BatchNorm) or <c>--depth D</c> for DepthFL's sub-model (blocks 0..D-1 and their classifiers):
/// the request names exactly what a task trains, so a device measures what it will train.
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

    private readonly SubModelSpec? subModel;

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
    /// The sub-model measured: a width-scaled one (stage -1: the whole model at its width) or
    /// DepthFL's (stage depth - 1); null for a block-wise stage or the full-width full model.
    /// The slicing does not change memory and is not part of the request.
    /// </summary>
    public SubModelSpec? SubModel
    {
        get => subModel;
        init => subModel = value switch
        {
            null => null,
            { Depth: { } depth } when depth == Stage + 1 && !Harmonizer => SubModelSpec.OfDepth(depth),
            { Depth: null, WidthRatio: > 0 and <= 1 } when Stage == FullModel && !Harmonizer =>
                value.WidthRatio == 1 ? null : new SubModelSpec(value.WidthRatio, WidthSlicing.Prefix),
            _ => throw new ArgumentException(
                $"Sub-model {value} does not match stage {Stage}: a width is measured as the full model (-1), depth d as stage d-1, both without the harmonizer.", nameof(SubModel)),
        };
    }

    /// <summary>
    /// The request that measures what a task trains: the sub-model the task names
    /// (<paramref name="subModel"/>), else the full model when <paramref name="trainable"/>
    /// holds block 0 beyond stage 0 (only <see cref="CoAdaptationPlan.FullModel"/> does), else its
    /// stage, with the harmonizer when it co-adapts a previous block's tail.
    /// </summary>
    public static MemoryProbeRequest ForTask(string modelName, TrainableSet trainable, int batchSize, SubModelSpec? subModel = null, int steps = DefaultSteps)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        if (subModel is not null)
        {
            var stage = subModel.Depth is { } depth ? depth - 1 : FullModel;
            return new MemoryProbeRequest(modelName, stage, batchSize, Harmonizer: false, steps) { SubModel = subModel };
        }

        var full = trainable.Stage > 0 && trainable.Prefixes.Contains(StagedModel.BlockPrefix(0));
        return new MemoryProbeRequest(modelName, full ? FullModel : trainable.Stage, batchSize, trainable.CoAdaptedPrefixes.Count > 0, steps);
    }

    /// <summary>True when <see cref="Stage"/> is -1.</summary>
    public bool IsFullModel => Stage == FullModel;

    /// <summary>What is measured, as logs and tables say it: <c>stage 2</c>, <c>full model</c>, <c>width 1/4</c>, <c>depth 2</c>.</summary>
    public string Subject => SubModel?.ToString() ?? (IsFullModel ? "full model" : string.Create(CultureInfo.InvariantCulture, $"stage {Stage}"));

    /// <summary>
    /// The catalog model <see cref="ModelName"/> for <paramref name="input"/> and
    /// <paramref name="classCount"/> classes, at the request's width with static BatchNorm for a
    /// width-scaled sub-model: only the measured model is ever built, so the process holds no
    /// other weights. Throws an <see cref="ArgumentException"/> for a model that cannot be width-sliced.
    /// </summary>
    public StagedModel CreateModel(ImageShape input, int classCount) =>
        SubModel is { Depth: null } width
            ? SubModelFactory.Build(new ModelDescription(ModelName, input, classCount), width.WidthRatio)
            : ModelCatalog.Create(ModelName, input, classCount, seed: 0);

    /// <summary>The trainable set this request means for <paramref name="model"/> (built by <see cref="CreateModel"/>).</summary>
    public TrainableSet TrainableSetFor(StagedModel model) =>
        SubModel?.Depth is { } depth ? DepthSubModel.For(model, depth)
        : IsFullModel ? CoAdaptationPlan.FullModel(model)
        : CoAdaptationPlan.ForStage(model, Stage, Harmonizer);

    /// <summary>The command-line arguments that <see cref="Parse"/> reads back.</summary>
    public IReadOnlyList<string> ToArgs() =>
    [
        "--model", ModelName,
        "--stage", Stage.ToString(CultureInfo.InvariantCulture),
        "--batch-size", BatchSize.ToString(CultureInfo.InvariantCulture),
        "--harmonizer", Harmonizer ? "true" : "false",
        "--steps", Steps.ToString(CultureInfo.InvariantCulture),
        .. SubModel switch
        {
            { Depth: { } depth } => ["--depth", depth.ToString(CultureInfo.InvariantCulture)],
            { } width => ["--width", width.WidthRatio.ToString("R", CultureInfo.InvariantCulture)],
            null => Array.Empty<string>(),
        },
    ];

    /// <summary>
    /// Reads <c>--model</c>, <c>--stage</c> and <c>--batch-size</c> (required), <c>--harmonizer</c>
    /// (default false), <c>--steps</c> (default 3), <c>--width</c> and <c>--depth</c> (optional);
    /// unknown options are errors.
    /// </summary>
    public static MemoryProbeRequest Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < args.Count; index += 2)
        {
            var option = args[index];
            if (option is not ("--model" or "--stage" or "--batch-size" or "--harmonizer" or "--steps" or "--width" or "--depth"))
            {
                throw new FormatException($"Unknown option '{option}'; allowed: --model, --stage, --batch-size, --harmonizer, --steps, --width, --depth.");
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
            values.TryGetValue("--steps", out var steps) ? ParseInt(steps, "--steps") : DefaultSteps)
        {
            SubModel = ParseSubModel(values.GetValueOrDefault("--width"), values.GetValueOrDefault("--depth")),
        };
    }

    /// <summary>The sub-model of a <c>--width</c> ratio or a <c>--depth</c> (null when neither is given); both is an error.</summary>
    internal static SubModelSpec? ParseSubModel(string? width, string? depth) => (width, depth) switch
    {
        (null, null) => null,
        (null, { } d) => SubModelSpec.OfDepth(ParseInt(d, "--depth") is var value and >= 1 ? value : throw new FormatException($"--depth must be at least 1; got '{d}'.")),
        ({ } w, null) => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is > 0 and <= 1
            ? new SubModelSpec(ratio, WidthSlicing.Prefix)
            : throw new FormatException($"--width must be a ratio in (0, 1]; got '{w}'."),
        _ => throw new FormatException("Give --width or --depth, not both."),
    };

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
