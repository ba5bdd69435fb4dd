using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Reads and writes experiment files: JSON objects whose camelCase fields are those of
/// <see cref="ExperimentOptions"/>. Unknown fields are errors, so a typo never silently falls
/// back to a default.
/// </summary>
public static class ExperimentFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Loads options from <paramref name="path"/>; fields it omits keep their defaults.</summary>
    public static ExperimentOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentException($"Experiment file '{path}' does not exist.");
        }

        try
        {
            return JsonSerializer.Deserialize<ExperimentOptions>(File.ReadAllText(path), Json)
                ?? throw new ExperimentException($"Experiment file '{path}' holds null, not a JSON object.");
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new ExperimentException($"Experiment file '{path}' is malformed{where}: {FirstSentence(error.Message)}", error);
        }
    }

    /// <summary>The options as an indented JSON document, for <c>summary.json</c> and reruns.</summary>
    public static string ToJson(ExperimentOptions options) => JsonSerializer.Serialize(options, Json);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
