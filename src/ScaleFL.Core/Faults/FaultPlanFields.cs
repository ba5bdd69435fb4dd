using System.Globalization;
using System.Text.Json;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Faults;

/// <summary>
/// Reads one entry of a fault plan's JSON field by field, so every error names the plan's field
/// (<c>faults[2].seconds</c>) and what would work, never a .NET type: a null or mistyped value, a
/// field given twice (JSON lets the last one win silently), an unknown field, a parameter of
/// another kind (it would be ignored).
/// </summary>
internal static class FaultPlanFields
{
    /// <summary>An entry to show in errors.</summary>
    public const string ExampleEntry = """{"kind": "crash", "client": 0, "round": 1}""";

    private const string WholeNumber = "a whole number";

    private static readonly string[] Names = ["kind", "client", "round", "lastRound", "afterSteps", "seconds", "fraction", "speedFactor", "budgetScale"];

    /// <summary>The entry <paramref name="element"/> at <paramref name="at"/> (<c>faults[i]</c>), unvalidated.</summary>
    public static FaultEntry Entry(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Refuse(at, Describe(element), $"an object such as {ExampleEntry}");
        }

        var given = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in Once(element, name => $"Fault plan {at}.{name} is given twice; give each field once."))
        {
            var name = Names.FirstOrDefault(known => Is(field.Name, known))
                ?? throw new ExperimentException($"Fault plan {at} has an unknown field '{field.Name}'; {Suggest(field.Name, Names)}");
            given[name] = field.Value;
        }

        var kind = KindOf(given, at);
        foreach (var name in given.Keys.Where(name => Array.IndexOf(Names, name) >= 3 && name != FaultPlanFile.ParameterOf(kind)))
        {
            // lastRound is read by every kind but a crash.
            if (name != "lastRound" || kind == FaultKind.Crash)
            {
                throw new ExperimentException(NotApplicable(at, name, kind));
            }
        }

        return new FaultEntry
        {
            Kind = kind,
            Client = Whole(given, at, "client") ?? throw Missing(at, "client"),
            Round = Whole(given, at, "round") ?? throw Missing(at, "round"),
            LastRound = given.TryGetValue("lastRound", out var last) && last.ValueKind == JsonValueKind.Null ? null : Whole(given, at, "lastRound"),
            AfterSteps = Whole(given, at, "afterSteps") ?? 0,
            Seconds = Number(given, at, "seconds") ?? 0,
            Fraction = Number(given, at, "fraction") ?? 0,
            SpeedFactor = Number(given, at, "speedFactor") ?? 1,
            BudgetScale = Number(given, at, "budgetScale") ?? 1,
        };
    }

    /// <summary>The one line saying <paramref name="field"/> of the entry at <paramref name="at"/> is not read by <paramref name="kind"/>.</summary>
    public static string NotApplicable(string at, string field, FaultKind kind)
    {
        var parameter = FaultPlanFile.ParameterOf(kind);
        var why = field == "lastRound" && kind == FaultKind.Crash ? "a crash fires once, on the client's first task from its round on"
            : parameter.Length == 0 ? "it takes no parameter"
            : $"its parameter is {parameter}";
        return $"Fault plan {at}.{field} does not apply to kind '{FaultPlanFile.NameOf(kind)}'; {why}.";
    }

    /// <summary>The properties of <paramref name="element"/>, each name once (case ignored); a repeated one is refused with <paramref name="twice"/>'s line.</summary>
    public static IEnumerable<JsonProperty> Once(JsonElement element, Func<string, string> twice)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new ExperimentException(twice(property.Name));
            }

            yield return property;
        }
    }

    /// <summary>Whether <paramref name="given"/> names <paramref name="field"/> (case ignored, as in experiment files).</summary>
    public static bool Is(string given, string field) => string.Equals(given, field, StringComparison.OrdinalIgnoreCase);

    /// <summary>"did you mean ..." or the list of fields.</summary>
    public static string Suggest(string given, IReadOnlyCollection<string> known) =>
        NameSuggestion.Closest(given, known) is { } closest ? $"did you mean '{closest}'?" : $"the fields are {string.Join(", ", known)}.";

    /// <summary>How a JSON value reads in an error: its text for a number or boolean, its kind otherwise.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => $"{element.GetRawText()} (a string)",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => element.GetRawText(),
    };

    private static FaultKind KindOf(Dictionary<string, JsonElement> given, string at)
    {
        if (!given.TryGetValue("kind", out var kind))
        {
            throw Missing(at, "kind");
        }

        var allowed = string.Join(", ", FaultPlanFile.KindNames.Keys);
        if (kind.ValueKind != JsonValueKind.String)
        {
            throw Refuse($"{at}.kind", kind.ValueKind == JsonValueKind.Number ? $"{kind.GetRawText()} (a number)" : Describe(kind), allowed);
        }

        return FaultPlanFile.KindNames.TryGetValue(kind.GetString()!, out var known) ? known : throw Refuse($"{at}.kind", $"'{kind.GetString()}'", allowed);
    }

    private static int? Whole(Dictionary<string, JsonElement> given, string at, string name)
    {
        if (!given.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole)
            ? whole
            : throw Refuse($"{at}.{name}", Describe(value), name == "lastRound" ? $"{WholeNumber}, or null for the end of the run" : WholeNumber);
    }

    private static double? Number(Dictionary<string, JsonElement> given, string at, string name)
    {
        if (!given.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw Refuse($"{at}.{name}", Describe(value), "a number");
    }

    private static ExperimentException Refuse(string field, string value, string allowed) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Fault plan {field} is {value}; allowed: {allowed}."));

    private static ExperimentException Missing(string at, string field) =>
        new($"Fault plan {at}.{field} is missing; it is required.");
}
