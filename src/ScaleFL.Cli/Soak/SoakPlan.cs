using System.Globalization;
using System.Text;

namespace ScaleFL.Cli.Soak;

/// <summary>
/// The soak's fault plan, written as a plan file so the run is an ordinary
/// <c>simulate --faults</c> run: repeated crashes (before and during training), a delayed, two
/// lossy and two duplicating clients, two partitions, a straggler and a shrinking budget.
/// Needs at least 12 clients.
/// </summary>
internal static class SoakPlan
{
    public const int MinClients = 12;

    public static string Json(int rounds)
    {
        var entries = new List<string>();
        for (var round = 10; round <= rounds; round += 25)
        {
            entries.Add(Entry("crash", 0, round));
            entries.Add(Entry("crash", 1, round + 5, """, "afterSteps": 1"""));
            entries.Add(Entry("crash", 9, round + 12));
        }

        entries.Add(Entry("delay", 2, 1, """, "seconds": 0.02"""));
        entries.Add(Entry("drop", 3, 1, """, "fraction": 0.5"""));
        entries.Add(Entry("drop", 10, 1, """, "fraction": 0.3"""));
        entries.Add(Entry("duplicate", 4, 1));
        entries.Add(Entry("duplicate", 11, 1));
        entries.Add(Entry("partition", 5, 40, $""", "lastRound": 70"""));
        entries.Add(Entry("partition", 5, Math.Max(rounds / 2, 71), $""", "lastRound": {Math.Max(rounds / 2, 71) + 30}"""));
        entries.Add(Entry("straggler", 6, 20, """, "speedFactor": 0.001"""));
        entries.Add(Entry("shrink-budget", 7, Math.Min(60, rounds), """, "budgetScale": 0.01"""));
        return new StringBuilder("{\n  \"faults\": [\n    ").AppendJoin(",\n    ", entries).Append("\n  ]\n}\n").ToString();
    }

    private static string Entry(string kind, int client, int round, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""{ "kind": "{{kind}}", "client": {{client}}, "round": {{round}}{{extra}} }""");
}
