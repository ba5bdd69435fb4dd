using System.Globalization;

namespace ScaleFL.Core.Aggregation;

/// <summary>The aggregation strategies a method can be composed with, by the name given in <c>--aggregation</c>.</summary>
public static class AggregationCatalog
{
    /// <summary>The accepted forms, for messages and help.</summary>
    public const string Forms = "fedavg, mean, median, trimmed-mean:<fraction in [0, 0.5)>";

    /// <summary>
    /// The strategy <paramref name="spec"/> names: <c>fedavg</c> (sample-weighted, the default),
    /// <c>mean</c> (unweighted), <c>median</c> (coordinate-wise) or <c>trimmed-mean:0.1</c>.
    /// Throws an <see cref="ArgumentException"/> naming the accepted forms otherwise.
    /// </summary>
    public static IAggregationStrategy Parse(string spec)
    {
        var parts = spec.Split(':', 2);
        return (parts[0], parts.Length == 2 ? parts[1] : null) switch
        {
            ("fedavg", null) => new SampleWeightedFedAvg(),
            ("mean", null) => new UnweightedMean(),
            ("median", null) => CoordinateWiseAggregation.Median(),
            ("trimmed-mean", { } fraction) when double.TryParse(fraction, NumberStyles.Float, CultureInfo.InvariantCulture, out var trim) && trim is >= 0 and < 0.5
                => CoordinateWiseAggregation.TrimmedMean(trim),
            _ => throw new ArgumentException($"Unknown aggregation '{spec}'; allowed: {Forms}.", nameof(spec)),
        };
    }
}
