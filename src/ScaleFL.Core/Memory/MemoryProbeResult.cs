using System.Globalization;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Memory;

/// <summary>
/// A child process's answer to a <see cref="MemoryProbeRequest"/>, printed as one stdout line:
/// <c>memory-probe model=NAME stage=K batch-size=B harmonizer=true baseline=BYTES peak=BYTES method=vmhwm</c>,
/// with <c>width=R</c> or <c>depth=D</c> after <c>steps</c> for a sub-model.
/// </summary>
public sealed record MemoryProbeResult(MemoryProbeRequest Request, MemoryMeasurement Measurement)
{
    /// <summary>The first word of the line, so the parent can pick it out of other output.</summary>
    public const string LinePrefix = "memory-probe";

    /// <summary>The one-line form that <see cref="Parse"/> reads back.</summary>
    public string ToLine()
    {
        ArgumentNullException.ThrowIfNull(Request);
        ArgumentNullException.ThrowIfNull(Measurement);
        return string.Create(CultureInfo.InvariantCulture,
            $"{LinePrefix} model={Request.ModelName} stage={Request.Stage} batch-size={Request.BatchSize} " +
            $"harmonizer={(Request.Harmonizer ? "true" : "false")} steps={Request.Steps} " +
            $"{SubModelField(Request)}" +
            $"baseline={Measurement.BaselineBytes} peak={Measurement.PeakBytes} method={Measurement.Method}");
    }

    private static string SubModelField(MemoryProbeRequest request) => request.SubModel switch
    {
        { Depth: { } depth } => string.Create(CultureInfo.InvariantCulture, $"depth={depth} "),
        { } width => string.Create(CultureInfo.InvariantCulture, $"width={width.WidthRatio:R} "),
        null => string.Empty,
    };

    /// <summary>Parses a line written by <see cref="ToLine"/>.</summary>
    public static MemoryProbeResult Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0] != LinePrefix)
        {
            throw new FormatException($"A memory probe line starts with '{LinePrefix}'; got {TextExcerpt.Quote(line)}.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words.Skip(1))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Expected key=value in a memory probe line; got '{word}'.");
            }

            fields[word[..equals]] = word[(equals + 1)..];
        }

        string Field(string key) =>
            fields.TryGetValue(key, out var value) ? value : throw new FormatException($"Memory probe line lacks '{key}=': {TextExcerpt.Quote(line)}.");

        var request = new MemoryProbeRequest(
            Field("model"),
            MemoryProbeRequest.ParseInt(Field("stage"), "stage"),
            MemoryProbeRequest.ParseInt(Field("batch-size"), "batch-size"),
            MemoryProbeRequest.ParseBool(Field("harmonizer"), "harmonizer"),
            MemoryProbeRequest.ParseInt(Field("steps"), "steps"))
        {
            SubModel = MemoryProbeRequest.ParseSubModel(fields.GetValueOrDefault("width"), fields.GetValueOrDefault("depth")),
        };
        var measurement = new MemoryMeasurement(ParseLong(Field("baseline"), "baseline"), ParseLong(Field("peak"), "peak"), Field("method"));
        return new MemoryProbeResult(request, measurement);
    }

    /// <summary>The last memory-probe line of a child's whole stdout.</summary>
    public static MemoryProbeResult FromOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = output.Split('\n').Select(text => text.Trim()).LastOrDefault(text => text.StartsWith(LinePrefix + " ", StringComparison.Ordinal));
        return line is null
            ? throw new FormatException($"The child's output has no '{LinePrefix}' line.")
            : Parse(line);
    }

    private static long ParseLong(string text, string field) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{field} must be an integer; got '{text}'.");
}
