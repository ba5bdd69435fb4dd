namespace ScaleFL.Core.Methods;

/// <summary>
/// Ends a stage early when its accuracy stops improving: the best accuracy of the last
/// <see cref="Patience"/> rounds beats the stage's earlier best by less than <see cref="MinImprovement"/>.
/// </summary>
/// <param name="Patience">Rounds without enough improvement before advancing; at least 1.</param>
/// <param name="MinImprovement">Smallest accuracy gain (absolute, 0..1) that counts as progress.</param>
public sealed record PlateauRule(int Patience, double MinImprovement)
{
    /// <summary>True when the accuracies of one stage, oldest first, have plateaued.</summary>
    public bool HasPlateaued(IReadOnlyList<double> stageAccuracies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1);
        var earlier = stageAccuracies.Count - Patience;
        if (earlier < 1)
        {
            return false;
        }

        var bestBefore = stageAccuracies.Take(earlier).Max();
        var bestRecent = stageAccuracies.Skip(earlier).Max();
        return bestRecent < bestBefore + MinImprovement;
    }
}
