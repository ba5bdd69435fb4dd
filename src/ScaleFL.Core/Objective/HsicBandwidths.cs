namespace ScaleFL.Core.Objective;

/// <summary>
/// The kernel width rules an experiment can name (<c>hsicBandwidth</c>, <c>--hsic-bandwidth</c>):
/// <c>paper</c> is <see cref="KernelBandwidth.Paper"/>, <c>median</c> the median heuristic.
/// </summary>
public static class HsicBandwidths
{
    /// <summary>Allowed names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["paper", "median"];

    /// <summary>The rule called <paramref name="name"/>; an <see cref="ArgumentException"/> lists the allowed names otherwise.</summary>
    public static KernelBandwidth Parse(string name) => name switch
    {
        "paper" => KernelBandwidth.Paper,
        "median" => KernelBandwidth.MedianHeuristic,
        _ => throw new ArgumentException($"hsicBandwidth '{name}' is unknown; allowed: {string.Join(", ", Names)}.", nameof(name)),
    };
}
