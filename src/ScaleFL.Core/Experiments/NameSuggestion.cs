namespace ScaleFL.Core.Experiments;

/// <summary>The known name closest to a mistyped one, for "did you mean" in one-line errors.</summary>
public static class NameSuggestion
{
    /// <summary>
    /// The name of <paramref name="known"/> at the smallest edit distance (insertions, deletions,
    /// substitutions; case ignored) from <paramref name="given"/>, when that distance is at most a
    /// third of the longer name and at most 3; otherwise null.
    /// </summary>
    public static string? Closest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        var best = known
            .Select(name => (Name: name, Distance: Distance(given.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Min(3, Math.Max(given.Length, best.Name.Length) / 3) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
