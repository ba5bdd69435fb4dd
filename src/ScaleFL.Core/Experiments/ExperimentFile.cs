using System.Text.Json;
using System.Text.Json.Nodes;
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
        // "NaN" and "Infinity" bind, so ExperimentValidator can name the field instead of a JSON error.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Loads options from <paramref name="path"/>; fields it omits keep their defaults.</summary>
    /// <exception cref="ExperimentException">The file is missing, not a JSON object, or holds an unknown field or a value of the wrong type.</exception>
    public static ExperimentOptions Load(string path) => Bind(Read(path), path);

    /// <summary>
    /// Reads <paramref name="path"/> as a JSON object without binding it, so flags can be laid over
    /// its fields before <see cref="Bind"/>. A relative path (<c>dataPath</c>, <c>outputDirectory</c>,
    /// <c>faultsFile</c>, <c>initWeights</c>) is made absolute against the file's folder, as a path in a
    /// configuration file is read, so the file means the same from any working directory (a flag's path
    /// stays relative to the working directory).
    /// </summary>
    /// <exception cref="ExperimentException">The file is missing, no regular file of at most 16 MiB (<see cref="Files.InputFile"/>), malformed (naming the line), or not a JSON object.</exception>
    public static JsonObject Read(string path)
    {
        var text = Files.InputFile.ReadText(path, "Experiment file");
        try
        {
            return JsonNode.Parse(text, new JsonNodeOptions { PropertyNameCaseInsensitive = true }, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) switch
            {
                // JsonObject reads its properties lazily; counting them now surfaces a duplicate here.
                JsonObject document when document.Count >= 0 => BesideFile(document, path),
                null => throw new ExperimentException($"Experiment file '{path}' holds null, not a JSON object."),
                var other => throw new ExperimentException($"Experiment file '{path}' holds a JSON {other.GetValueKind().ToString().ToLowerInvariant()}, not an object."),
            };
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            throw new ExperimentException($"Experiment file '{path}' is malformed{where}: {FirstSentence(error.Message)}", error);
        }
        catch (ArgumentException error)
        {
            // JsonObject refuses a key given twice (ignoring case); which value was meant is unknowable.
            var key = error.Message.Split("Key: ") is [_, var rest] ? rest.Split(" (")[0] : "?";
            throw new ExperimentException($"Experiment file '{path}' is malformed: field '{key}' appears twice (names are matched ignoring case); keep one.", error);
        }
    }

    /// <summary>
    /// Binds <paramref name="document"/> (camelCase field names, case ignored) to options; fields it
    /// omits keep their defaults. <paramref name="source"/> names the file in errors (null: flags only).
    /// </summary>
    /// <exception cref="ExperimentException">An unknown field (with the closest known one) or a value of the wrong type.</exception>
    public static ExperimentOptions Bind(JsonObject document, string? source)
    {
        ArgumentNullException.ThrowIfNull(document);
        var origin = source is null ? "The experiment" : $"Experiment file '{source}'";
        // The device is the machine's, not the experiment's: a file shared by a GPU and a CPU machine must not pick it.
        if (document.Select(entry => entry.Key).FirstOrDefault(key => key.Equals("device", StringComparison.OrdinalIgnoreCase)
            || key.Equals(nameof(ExperimentOptions.ComputeDevice), StringComparison.OrdinalIgnoreCase)) is { } device)
        {
            throw new ExperimentException($"{origin} is malformed: '{device}' is not an experiment field; choose where each process trains with --device cpu|cuda[:N].");
        }

        try
        {
            return document.Deserialize<ExperimentOptions>(Json)!;
        }
        catch (JsonException error)
        {
            throw new ExperimentException($"{origin} is malformed: {Explain(error)}", error);
        }
    }

    /// <summary>The options as an indented JSON document, for <c>summary.json</c> and reruns.</summary>
    public static string ToJson(ExperimentOptions options) => JsonSerializer.Serialize(options, Json);

    // The fields that name a file or folder, read against the experiment file's folder; matched ignoring case as every field is.
    private static readonly HashSet<string> PathFields = new(
        [nameof(ExperimentOptions.DataPath), nameof(ExperimentOptions.OutputDirectory), nameof(ExperimentOptions.FaultsFile), nameof(ExperimentOptions.InitWeights)],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The camelCase names of the fields an experiment file may hold.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
        [.. typeof(ExperimentOptions).GetProperties()
            .Where(property => property.CanWrite && !Attribute.IsDefined(property, typeof(JsonIgnoreAttribute)))
            .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name))];

    /// <summary>
    /// Short names users type for a field (mostly the command line's flag spellings, e.g. <c>lr</c>
    /// for <c>--lr</c>) that edit distance cannot lead to the field; an unknown field of one of
    /// these names is answered with "did you mean" the field.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ShortNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["lr"] = "learningRate",
        ["out"] = "outputDirectory",
        ["output"] = "outputDirectory",
        ["data"] = "dataPath",
        ["stragglers"] = "stragglerShare",
        ["deadline"] = "deadlineSeconds",
        ["init"] = "initWeights",
        ["faults"] = "faultsFile",
        ["epochs"] = "localEpochs",
        ["batch"] = "batchSize",
        ["methods"] = "method",
        ["wd"] = "weightDecay",
    };

    /// <summary>The field <paramref name="given"/> most likely means: a <see cref="ShortNames"/> entry, else the closest name.</summary>
    public static string? Suggest(string given) =>
        ShortNames.TryGetValue(given, out var field) ? field : NameSuggestion.Closest(given, FieldNames);

    private static string Explain(JsonException error)
    {
        var at = error.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        // System.Text.Json names an unknown field only by its path ("$.perRond"); say which field was meant.
        if (at is not null && error.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var suggestion = Suggest(at) is { } closest ? $"did you mean '{closest}'?" : $"the fields are {string.Join(", ", FieldNames)}.";
            return $"unknown field '{at}'; {suggestion}";
        }

        return FirstSentence(error.Message) + (at is null ? string.Empty : $" (field '{at}')");
    }

    private static JsonObject BesideFile(JsonObject document, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var relative = document.Where(entry => PathFields.Contains(entry.Key)
            && entry.Value is JsonValue value && value.TryGetValue<string>(out var given) && given.Length > 0 && !Path.IsPathRooted(given)).ToList();
        foreach (var (field, value) in relative)
        {
            document[field] = Path.GetFullPath(value!.GetValue<string>(), folder);
        }

        return document;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
