using System.Globalization;
using System.Text;

namespace ScaleFL.Cli.Soak;

/// <summary>
/// The soak's fault plan, written as a plan file so the run is an ordinary
/// <c>simulate --faults</c> run: repeated crashes (before and during training), a delayed, two
/// lossy and two duplicating clients, two partitions, a straggler and a shrinking budget.
/// Needs at least 12 clients. Entries that would start after the last round are left out (a plan
/// may not name rounds the run does not have), so a short soak injects fewer kinds.
/// </summary>
internal static class SoakPlan
{
    public const int MinClients = 12;

    public static string Json(int rounds)
    {
        var entries = new List<string>();
        void Add(string kind, int client, int round, string extra = "")
        {
            if (round <= rounds)
            {
                entries.Add(Entry(kind, client, round, extra));
            }
        }

        for (var round = 10; round <= rounds; round += 25)
        {
            Add("crash", 0, round);
            Add("crash", 1, round + 5, """, "afterSteps": 1""");
            Add("crash", 9, round + 12);
        }

        Add("delay", 2, 1, """, "seconds": 0.02""");
        Add("drop", 3, 1, """, "fraction": 0.5""");
        Add("drop", 10, 1, """, "fraction": 0.3""");
        Add("duplicate", 4, 1);
        Add("duplicate", 11, 1);
        Add("partition", 5, 40, $""", "lastRound": 70""");
        Add("partition", 5, Math.Max(rounds / 2, 71), $""", "lastRound": {Math.Max(rounds / 2, 71) + 30}""");
        Add("straggler", 6, 20, """, "speedFactor": 0.001""");
        Add("shrink-budget", 7, Math.Min(60, rounds), """, "budgetScale": 0.01""");
        return new StringBuilder("{\n  \"faults\": [\n    ").AppendJoin(",\n    ", entries).Append("\n  ]\n}\n").ToString();
    }

    private static string Entry(string kind, int client, int round, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""{ "kind": "{{kind}}", "client": {{client}}, "round": {{round}}{{extra}} }""");
}
