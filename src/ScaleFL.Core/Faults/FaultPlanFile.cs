using System.Text.Json;
using System.Text.Json.Serialization;
using ScaleFL.Core.Experiments;

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

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true };

    /// <summary>The JSON name of <paramref name="kind"/>.</summary>
    public static string NameOf(FaultKind kind) => KindNames.First(pair => pair.Value == kind).Key;

    /// <summary>Loads and validates the plan in <paramref name="path"/> for a run of <paramref name="clientCount"/> clients.</summary>
    public static FaultPlan Load(string path, int clientCount)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentException($"Fault plan '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path).Validate(clientCount);
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

    /// <summary>Parses a plan (unvalidated); <paramref name="source"/> names it in errors.</summary>
    public static FaultPlan Parse(string json, string source)
    {
        PlanDto? plan;
        try
        {
            plan = JsonSerializer.Deserialize<PlanDto>(json, Json);
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1})" : string.Empty;
            var cut = error.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new ExperimentException($"Fault plan '{source}' is malformed{where}: {(cut > 0 ? error.Message[..cut] : error.Message)}", error);
        }

        if (plan?.Faults is null)
        {
            throw new ExperimentException($"Fault plan '{source}' has no 'faults' array.");
        }

        return new FaultPlan(plan.Faults.Select((entry, index) => entry.ToEntry(index)).ToList());
    }

    private static string ParameterOf(FaultKind kind) => kind switch
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

    private sealed record PlanDto(List<EntryDto>? Faults);

    private sealed record EntryDto(
        string? Kind, int? Client, int? Round, int? LastRound, int AfterSteps = 0, double Seconds = 0, double Fraction = 0, double SpeedFactor = 1, double BudgetScale = 1)
    {
        public FaultEntry ToEntry(int index)
        {
            if (Kind is null || !KindNames.TryGetValue(Kind, out var kind))
            {
                throw new ExperimentException($"Fault plan faults[{index}].kind is '{Kind ?? "missing"}'; allowed: {string.Join(", ", KindNames.Keys)}.");
            }

            return new FaultEntry
            {
                Kind = kind,
                Client = Client ?? throw Missing(index, "client"),
                Round = Round ?? throw Missing(index, "round"),
                LastRound = LastRound,
                AfterSteps = AfterSteps,
                Seconds = Seconds,
                Fraction = Fraction,
                SpeedFactor = SpeedFactor,
                BudgetScale = BudgetScale,
            };
        }

        private static ExperimentException Missing(int index, string field) =>
            new($"Fault plan faults[{index}].{field} is missing; it is required.");
    }
}
