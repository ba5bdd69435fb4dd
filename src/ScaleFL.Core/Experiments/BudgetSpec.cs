using System.Globalization;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// How client memory budgets are drawn, parsed from the <c>budgets</c> field:
/// <c>relative:LO-HI</c> (uniform between LO and HI times the full model's training footprint,
/// so the paper's 100..900 MB against an 840 MB ResNet-18 carries over to any model),
/// <c>uniform:LO-HI</c> (MiB), or <c>tiers:NAME=MIB@SHARE,...</c> (for example
/// <c>tiers:jetson-4gb=4096@0.5,jetson-8gb=8192@0.3,lab-16gb=16384@0.2</c>).
/// </summary>
public sealed record BudgetSpec
{
    /// <summary>The forms the field accepts, for error messages.</summary>
    public const string AllowedForms = "relative:LO-HI (times the full model's footprint), uniform:LO-HI (MiB), or tiers:NAME=MIB@SHARE,...";

    private BudgetSpec(string text, Func<int, long, int, IReadOnlyList<long>> draw)
    {
        Text = text;
        Draw = draw;
    }

    /// <summary>The text it was parsed from.</summary>
    public string Text { get; }

    /// <summary>Draws budgets for (client count, full-model footprint in bytes, seed).</summary>
    public Func<int, long, int, IReadOnlyList<long>> Draw { get; }

    /// <summary>Parses <paramref name="text"/>; an <see cref="ExperimentException"/> names the allowed forms.</summary>
    public static BudgetSpec Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? text[..colon].Trim() : text.Trim();
        var argument = colon > 0 ? text[(colon + 1)..].Trim() : string.Empty;
        return kind switch
        {
            "relative" when Range(argument) is var (lo, hi) => new BudgetSpec(text, (count, full, seed) =>
                MemoryBudgets.Uniform(count, lo * full / MiB, hi * full / MiB, seed)),
            "uniform" when Range(argument) is var (lo, hi) => new BudgetSpec(text, (count, _, seed) =>
                MemoryBudgets.Uniform(count, lo, hi, seed)),
            "tiers" when Tiers(argument) is { } tiers => new BudgetSpec(text, (count, _, seed) =>
                MemoryBudgets.Tiers(count, tiers, seed)),
            _ => throw new ExperimentException($"budgets: '{text}' is not valid; allowed: {AllowedForms}."),
        };
    }

    private const double MiB = 1024.0 * 1024.0;

    private static (double Lo, double Hi)? Range(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TryNumber(parts[0], out var lo) && TryNumber(parts[1], out var hi) && lo > 0 && hi >= lo)
        {
            return (lo, hi);
        }

        return null;
    }

    private static List<MemoryTier>? Tiers(string text)
    {
        var tiers = new List<MemoryTier>();
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var at = entry.IndexOf('@', StringComparison.Ordinal);
            if (equals <= 0 || at < equals
                || !TryNumber(entry[(equals + 1)..at], out var mib) || mib <= 0
                || !TryNumber(entry[(at + 1)..], out var share) || share <= 0)
            {
                return null;
            }

            tiers.Add(new MemoryTier(entry[..equals], mib, share));
        }

        return tiers.Count > 0 ? tiers : null;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
