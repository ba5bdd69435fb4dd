namespace ScaleFL.Core.Experiments;

/// <summary>The known name closest to a mistyped one, for "did you mean" in one-line errors.</summary>
public static class NameSuggestion
{
    /// <summary>
    /// The name of <paramref name="known"/> at the smallest edit distance (insertions, deletions,
    /// substitutions) from <paramref name="given"/>, when no other name is as close and that distance is at most a third of the
    /// longer name and at most 3; failing that, the only name that <paramref name="given"/> begins
    /// (at least 4 characters, e.g. <c>maxTrain</c> for <c>maxTrainSamples</c>); otherwise null.
    /// Case, <c>-</c> and <c>_</c> are ignored, so a flag's spelling (<c>max-train</c>) finds its field.
    /// </summary>
    public static string? Closest(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        var key = Key(given);
        var names = known.Select(name => (Name: name, Key: Key(name))).ToList();
        var ranked = names
            .Select(candidate => (candidate.Name, Distance: Distance(key, candidate.Key)))
            .OrderBy(candidate => candidate.Distance)
            .ToList();
        // Two names equally close (lambda: lambda1, lambda2) is no suggestion: guessing one misleads.
        var unique = ranked.Count == 1 || (ranked.Count > 1 && ranked[1].Distance > ranked[0].Distance);
        if (unique && ranked[0].Distance <= Math.Min(3, Math.Max(key.Length, Key(ranked[0].Name).Length) / 3))
        {
            return ranked[0].Name;
        }

        var extended = names.Where(candidate => key.Length >= 4 && candidate.Key.StartsWith(key, StringComparison.Ordinal)).ToList();
        return extended.Count == 1 ? extended[0].Name : null;
    }

    private static string Key(string name) =>
        new(name.Where(character => character is not ('-' or '_')).Select(char.ToLowerInvariant).ToArray());

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
