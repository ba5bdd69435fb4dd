using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// What makes two runs the same experiment: every option that changes what is trained or how it
/// is measured (data, model, method, partition, budgets, seed, optimizer, schedule, faults, ...),
/// and none of those that only change how long it runs or where and how loudly it reports
/// (<see cref="SafeFields"/>). A checkpoint records it, so <c>--resume</c> can refuse a changed
/// experiment naming the fields; a server can send it to devices so they check they run the same one.
/// </summary>
public sealed record ExperimentFingerprint
{
    /// <summary>
    /// Fields of <see cref="ExperimentOptions"/> that may change between a run and its resumption:
    /// more rounds (under the cyclic schedule only: <see cref="Of"/> keeps the round budget of a
    /// sequential run, whose block boundaries it sets), another output folder or name, where the same dataset is found, and output
    /// verbosity, and the device it computes on. Every other field alters the experiment; so does
    /// <see cref="ExperimentOptions.RecordHsicPlane"/>, which changes what is measured: turned off or on
    /// mid-run it would leave an <c>hsic.csv</c> without the rounds of one process.
    /// </summary>
    public static readonly IReadOnlySet<string> SafeFields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ExperimentOptions.Rounds),
        nameof(ExperimentOptions.DataPath),
        nameof(ExperimentOptions.OutputDirectory),
        nameof(ExperimentOptions.Name),
        nameof(ExperimentOptions.Quiet),
        nameof(ExperimentOptions.Resume),
        nameof(ExperimentOptions.ComputeDevice),
    };

    private ExperimentFingerprint(IReadOnlyDictionary<string, string> fields)
    {
        Fields = fields;
        var text = Text;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The fields that alter the experiment, by camelCase option name, with their invariant text values.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>First 16 hex digits of the SHA-256 of <see cref="Text"/>: a short id to compare and print.</summary>
    public string Hash { get; }

    /// <summary>One <c>name=value</c> line per field in name order; what a checkpoint stores and <see cref="Parse"/> reads.</summary>
    public string Text => string.Join('\n', Fields.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    /// <summary>The fingerprint of running <paramref name="method"/> (one method of the options' list) with <paramref name="options"/>.</summary>
    public static ExperimentFingerprint Of(ExperimentOptions options, string method)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in typeof(ExperimentOptions).GetProperties())
        {
            if (property.CanWrite && !SafeFields.Contains(property.Name))
            {
                fields[CamelCase(property.Name)] = Format(property.GetValue(options));
            }
        }

        fields[CamelCase(nameof(ExperimentOptions.Method))] = method;
        if (options.FaultsFile is { } plan)
        {
            // The plan's entries, not its path: an edited plan under the same name is another
            // experiment, the same plan moved elsewhere is not.
            fields[CamelCase(nameof(ExperimentOptions.FaultsFile))] = $"plan {Faults.FaultPlanFile.Digest(plan)}";
        }

        if (options.Schedule == "sequential")
        {
            // The sequential schedule splits the round budget over the blocks, so another
            // --rounds moves every block boundary: only the cyclic schedule can simply go on.
            fields[CamelCase(nameof(ExperimentOptions.Rounds))] = Format(options.Rounds);
        }
        return new ExperimentFingerprint(fields);
    }

    /// <summary>Reads <see cref="Text"/> back; an empty text (a checkpoint older than fingerprints) gives null.</summary>
    public static ExperimentFingerprint? Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidDataException($"experiment fingerprint line {TextExcerpt.Quote(line)} is not name=value");
            }

            fields[line[..equals]] = line[(equals + 1)..];
        }

        return new ExperimentFingerprint(fields);
    }

    /// <summary>
    /// The fields whose values differ from <paramref name="other"/>'s, as <c>name: this -&gt; other</c>,
    /// in name order; empty when both are the same experiment.
    /// </summary>
    public IReadOnlyList<string> Differences(ExperimentFingerprint other) =>
        Fields.Keys.Union(other.Fields.Keys).Order(StringComparer.Ordinal)
            .Where(name => Value(name) != other.Value(name))
            .Select(name => $"{name}: {Value(name) ?? "(absent)"} -> {other.Value(name) ?? "(absent)"}")
            .ToList();

    /// <summary>
    /// This fingerprint, with <paramref name="name"/> set to <paramref name="value"/> when it lacks
    /// the field: a checkpoint written before the field was fingerprinted, whose value the caller
    /// infers from what the run left (<see cref="ResumePoint"/>).
    /// </summary>
    public ExperimentFingerprint WithAbsent(string name, string value) => Fields.ContainsKey(name)
        ? this
        : new ExperimentFingerprint(new Dictionary<string, string>(Fields, StringComparer.Ordinal) { [name] = value });

    /// <inheritdoc />
    public bool Equals(ExperimentFingerprint? other) => other is not null && Hash == other.Hash;

    /// <inheritdoc />
    public override int GetHashCode() => Hash.GetHashCode(StringComparison.Ordinal);

    private string? Value(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Format(object? value) => value switch
    {
        null => "default",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        double[] numbers => string.Join(',', numbers.Select(number => number.ToString("R", CultureInfo.InvariantCulture))),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
