using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Faults;

/// <summary>
/// Reads fault plans: a JSON object <c>{"faults": [ {"kind": "crash", "client": 3, "round": 5}, ... ]}</c>
/// whose entries carry the camelCase fields of <see cref="FaultEntry"/>; <c>kind</c> is one of
/// <see cref="KindNames"/>. Unknown fields are errors, like in experiment files.
/// </summary>
public static class FaultPlanFile
{
    /// <summary>The JSON names of the kinds.</summary>
    public static readonly IReadOnlyDictionary<string, FaultKind> KindNames = new Dictionary<string, FaultKind>
    {
        ["crash"] = FaultKind.Crash,
        ["delay"] = FaultKind.Delay,
        ["drop"] = FaultKind.Drop,
        ["duplicate"] = FaultKind.Duplicate,
        ["partition"] = FaultKind.Partition,
        ["straggler"] = FaultKind.Straggler,
        ["shrink-budget"] = FaultKind.ShrinkBudget,
    };

    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true };

    /// <summary>The JSON name of <paramref name="kind"/>.</summary>
    public static string NameOf(FaultKind kind) => KindNames.First(pair => pair.Value == kind).Key;

    /// <summary>
    /// Loads and validates the plan in <paramref name="path"/> for a run of <paramref name="clientCount"/>
    /// clients and <paramref name="roundCount"/> rounds. The file must be a regular file of at most
    /// <see cref="InputFile.DefaultMaxBytes"/>; every error is one line naming it.
    /// </summary>
    public static FaultPlan Load(string path, int clientCount, int roundCount) =>
        Parse(InputFile.ReadText(path, "Fault plan"), path).Validate(clientCount, roundCount);

    /// <summary>
    /// 16 hex digits of the SHA-256 of the plan in <paramref name="path"/> as <see cref="ToJson"/>
    /// writes it: the same for the same entries however the file is laid out or wherever it lies,
    /// different once an entry changes. What a run's fingerprint records of its plan, so an edited
    /// plan cannot be resumed silently. Unvalidated; errors as <see cref="Load"/>'s.
    /// </summary>
    public static string Digest(string path)
    {
        var canonical = ToJson(Parse(InputFile.ReadText(path, "Fault plan"), path));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }

    /// <summary>
    /// The JSON of <paramref name="plan"/> that <see cref="Parse"/> reads back as the same plan:
    /// each entry with its kind, client, round, lastRound when set and its kind's parameter.
    /// </summary>
    public static string ToJson(FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var entries = plan.Faults.Select(fault => new Dictionary<string, object?>
        {
            ["kind"] = NameOf(fault.Kind),
            ["client"] = fault.Client,
            ["round"] = fault.Round,
            ["lastRound"] = fault.LastRound,
            [ParameterOf(fault.Kind)] = ParameterValue(fault),
        }.Where(pair => pair.Key.Length > 0 && pair.Value is not null).ToDictionary());
        return JsonSerializer.Serialize(new { faults = entries }, Written);
    }

    /// <summary>
    /// Parses a plan (unvalidated: <see cref="FaultPlan.Validate"/> checks the values); <paramref name="source"/>
    /// names it in errors. Throws an <see cref="ExperimentException"/> with one line naming the plan's
    /// field and what would work: malformed JSON, a value of the wrong type or null, a field given
    /// twice, an unknown field (with the closest known name).
    /// </summary>
    public static FaultPlan Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Read(json, source);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ExperimentException($"Fault plan '{source}' is {FaultPlanFields.Describe(root)}; allowed: an object {{\"faults\": [...]}}.");
        }

        JsonElement? faults = null;
        foreach (var field in FaultPlanFields.Once(root, name => $"Fault plan '{source}' gives '{name}' twice; give each field once."))
        {
            faults = FaultPlanFields.Is(field.Name, "faults")
                ? field.Value
                : throw new ExperimentException($"Fault plan '{source}' has an unknown field '{field.Name}'; {FaultPlanFields.Suggest(field.Name, ["faults"])}");
        }

        if (faults is not { } entries)
        {
            throw new ExperimentException($"Fault plan '{source}' has no 'faults' array.");
        }

        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw new ExperimentException($"Fault plan '{source}' faults is {FaultPlanFields.Describe(entries)}; allowed: an array of entries such as {FaultPlanFields.ExampleEntry}.");
        }

        return new FaultPlan(entries.EnumerateArray().Select((entry, index) => FaultPlanFields.Entry(entry, $"'{source}' faults[{index}]")).ToList())
        {
            Source = source,
        };
    }

    private static JsonDocument Read(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            var cut = error.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new ExperimentException($"Fault plan '{source}' is malformed{where}: {(cut > 0 ? error.Message[..cut] : error.Message)}", error);
        }
    }

    /// <summary>The JSON name of the one parameter <paramref name="kind"/> reads; empty for a kind without one.</summary>
    internal static string ParameterOf(FaultKind kind) => kind switch
    {
        FaultKind.Crash => "afterSteps",
        FaultKind.Delay => "seconds",
        FaultKind.Drop => "fraction",
        FaultKind.Straggler => "speedFactor",
        FaultKind.ShrinkBudget => "budgetScale",
        _ => string.Empty,
    };

    private static object? ParameterValue(FaultEntry fault) => fault.Kind switch
    {
        FaultKind.Crash => fault.AfterSteps,
        FaultKind.Delay => fault.Seconds,
        FaultKind.Drop => fault.Fraction,
        FaultKind.Straggler => fault.SpeedFactor,
        FaultKind.ShrinkBudget => fault.BudgetScale,
        _ => null,
    };
}
