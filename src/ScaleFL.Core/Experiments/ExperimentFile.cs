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
            throw new ExperimentException($"Experiment file '{path}' is malformed{where}: {Explain(error)}", error);
        }
    }

    /// <summary>The camelCase names of the fields an experiment file may hold.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
        [.. typeof(ExperimentOptions).GetProperties().Where(property => property.CanWrite).Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))];

    private static string Explain(JsonException error)
    {
        // System.Text.Json names an unknown field only by its path ("$.perRond"); say which field was meant.
        if (error.Message.Contains("could not be mapped", StringComparison.Ordinal) && error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal))
        {
            var field = path[2..];
            var suggestion = NameSuggestion.Closest(field, FieldNames) is { } closest ? $"did you mean '{closest}'?" : $"the fields are {string.Join(", ", FieldNames)}.";
            return $"unknown field '{field}'; {suggestion}";
        }

        return FirstSentence(error.Message);
    }

    /// <summary>The options as an indented JSON document, for <c>summary.json</c> and reruns.</summary>
    public static string ToJson(ExperimentOptions options) => JsonSerializer.Serialize(options, Json);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
