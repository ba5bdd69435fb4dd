using System.Globalization;
using System.Text.RegularExpressions;

namespace ScaleFL.Core.Data;

/// <summary>
/// Builds a partitioner from its configuration text: <c>iid</c>, <c>dirichlet:ALPHA</c> or
/// <c>shards:K</c>. The names partitioners report (<c>dirichlet(0.5)</c>, <c>shards(2)</c>) are
/// accepted too, so a name read back from results parses to the same partitioner.
/// </summary>
public static partial class PartitionerCatalog
{
    /// <summary>The accepted forms, for help texts and error messages.</summary>
    public const string AllowedForms =
        "iid, dirichlet:ALPHA (ALPHA > 0, e.g. dirichlet:0.5), shards:K (whole K >= 1, e.g. shards:2)";

    /// <summary>Parses <paramref name="text"/>; anything else is a <see cref="DatasetException"/>.</summary>
    public static IPartitioner Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "iid")
        {
            return new IidPartitioner();
        }

        var match = Form().Match(trimmed);
        if (match.Success)
        {
            var argument = match.Groups["arg"].Value;
            if (match.Groups["kind"].Value == "dirichlet"
                && double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha)
                && alpha > 0.0 && !double.IsInfinity(alpha))
            {
                return new DirichletPartitioner(alpha);
            }

            if (match.Groups["kind"].Value == "shards"
                && int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var shards)
                && shards >= 1)
            {
                return new ShardPartitioner(shards);
            }
        }

        throw new DatasetException($"Unknown partitioner '{text}'. Allowed: {AllowedForms}.");
    }

    [GeneratedRegex(@"^(?<kind>dirichlet|shards)(?::(?<arg>[^()]+)|\((?<arg>[^()]+)\))$")]
    private static partial Regex Form();
}
