using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Aggregation;

/// <summary>Why an update was refused before aggregation; the names are the keys of the per-round counts.</summary>
public enum RejectionReason
{
    /// <summary>An array name the model does not have, or one the stage does not train.</summary>
    UnknownName,

    /// <summary>An array whose shape differs from the global model's.</summary>
    WrongShape,

    /// <summary>Built from another model or block version than the one current.</summary>
    StaleVersion,

    /// <summary>A NaN or infinite value.</summary>
    NotFinite,

    /// <summary>The L2 norm of update minus sent weights is above the bound.</summary>
    NormTooLarge,

    /// <summary>An array the stage trains is missing from the update.</summary>
    MissingArray,

    /// <summary>A sample count below 0 or above what the device declared at registration.</summary>
    BadSampleCount,

    /// <summary>The update's norm is far above the median of the round's other updates (<see cref="RelativeNormBound"/>).</summary>
    NormOutlier,

    /// <summary>A device message not sent by the registered device of that client id (or without its session).</summary>
    ForeignSender,

    /// <summary>A message only the server's own process may send (subscribe, start, results) arrived from the network.</summary>
    LocalOnly,
}

/// <summary>How many updates of a round were rejected for one reason.</summary>
/// <param name="Reason">The reason's metrics name (<see cref="UpdateValidator.Key"/>).</param>
/// <param name="Count">Updates rejected for it.</param>
public sealed record RejectionCount(string Reason, int Count);

/// <summary>The validator's answer: accepted, or the reason and a line for the log.</summary>
/// <param name="Reason">Null when accepted.</param>
/// <param name="Detail">What was wrong, naming the array; empty when accepted.</param>
public sealed record UpdateCheck(RejectionReason? Reason, string Detail)
{
    /// <summary>The update may be aggregated.</summary>
    public static UpdateCheck Accepted { get; } = new(null, string.Empty);

    /// <summary>True when <see cref="Reason"/> is null.</summary>
    public bool IsAccepted => Reason is null;
}

/// <summary>
/// Guards the global model against poisoned or broken updates: a client's arrays must be ones
/// the stage trains, with the global shapes, built from the current version, finite, and within
/// <paramref name="maxUpdateNorm"/> (L2 over every array) of the weights the client was sent.
/// Pure and deterministic, so the in-process driver and the actor server reject the same updates.
/// </summary>
/// <param name="maxUpdateNorm">Largest allowed L2 norm of the update's delta; positive (infinity disables the check).</param>
public sealed class UpdateValidator(double maxUpdateNorm)
{
    /// <summary>The default bound: far above any honest SGD round, far below a blown-up one.</summary>
    public const double DefaultMaxUpdateNorm = 1e4;

    /// <summary>The bound this validator applies.</summary>
    public double MaxUpdateNorm { get; } = maxUpdateNorm > 0
        ? maxUpdateNorm
        : throw new ArgumentOutOfRangeException(nameof(maxUpdateNorm), maxUpdateNorm, "The update norm bound must be positive.");

    /// <summary>
    /// Checks <paramref name="update"/> against <paramref name="global"/> (the weights the task
    /// was built from) and <paramref name="trainable"/>; versions are compared when the caller
    /// tracks them (the in-process driver passes equal ones).
    /// </summary>
    public UpdateCheck Check(WeightSet global, TrainableSet trainable, WeightSet update, int currentVersion = 0, int updateVersion = 0)
    {
        if (updateVersion != currentVersion)
        {
            return new UpdateCheck(RejectionReason.StaleVersion, $"built from version {updateVersion}, current is {currentVersion}");
        }

        var squaredNorm = 0.0;
        foreach (var array in update)
        {
            if (!trainable.Contains(array.Name) || !global.TryGet(array.Name, out var sent))
            {
                return new UpdateCheck(RejectionReason.UnknownName, $"array '{array.Name}' is not trained by stage {trainable.Stage}");
            }

            if (!sent.HasSameLayoutAs(array))
            {
                return new UpdateCheck(
                    RejectionReason.WrongShape, $"array '{array.Name}' has shape [{string.Join(",", array.Shape)}], the model has [{string.Join(",", sent.Shape)}]");
            }

            if (!array.IsFinite)
            {
                return new UpdateCheck(RejectionReason.NotFinite, $"array '{array.Name}' holds NaN or infinite values");
            }

            squaredNorm += SquaredDistance(array.Values, sent.Values);
        }

        // Names are unique and every one was checked above, so a shorter update lacks a trained array.
        var expected = global.Count(array => trainable.Contains(array.Name));
        if (update.Count != expected)
        {
            var missing = global.First(array => trainable.Contains(array.Name) && !update.Contains(array.Name));
            return new UpdateCheck(RejectionReason.MissingArray, $"array '{missing.Name}' of stage {trainable.Stage} is missing ({update.Count} of {expected} arrays)");
        }

        var norm = Math.Sqrt(squaredNorm);
        return norm > MaxUpdateNorm
            ? new UpdateCheck(RejectionReason.NormTooLarge, $"update norm {norm:G4} is above the bound {MaxUpdateNorm:G4}")
            : UpdateCheck.Accepted;
    }

    /// <summary>
    /// Checks a sample count (the FedAvg weight) against what the device declared at
    /// registration: negative or above it is <see cref="RejectionReason.BadSampleCount"/>, so no
    /// device can weigh more than the data it said it holds.
    /// </summary>
    public static UpdateCheck CheckSampleCount(int sampleCount, int declared) =>
        sampleCount < 0 || sampleCount > declared
            ? new UpdateCheck(RejectionReason.BadSampleCount, $"sample count {sampleCount} is outside 0..{declared} (declared at registration)")
            : UpdateCheck.Accepted;

    /// <summary>L2 norm of <paramref name="update"/> minus the same arrays of <paramref name="sent"/>; every array of the update must be in <paramref name="sent"/> with its shape.</summary>
    public static double DeltaNorm(WeightSet sent, WeightSet update) =>
        Math.Sqrt(update.Sum(array => SquaredDistance(array.Values, sent[array.Name].Values)));

    /// <summary>Counts per reason, ordered by reason name, for metrics: only reasons that occurred.</summary>
    public static IReadOnlyList<RejectionCount> Count(IEnumerable<RejectionReason> reasons) =>
        reasons.GroupBy(Key).Select(group => new RejectionCount(group.Key, group.Count()))
            .OrderBy(count => count.Reason, StringComparer.Ordinal).ToList();

    /// <summary>The reason's name in metrics: <c>not-finite</c>, <c>norm-too-large</c>, ...</summary>
    public static string Key(RejectionReason reason) => reason switch
    {
        RejectionReason.UnknownName => "unknown-name",
        RejectionReason.WrongShape => "wrong-shape",
        RejectionReason.StaleVersion => "stale-version",
        RejectionReason.NotFinite => "not-finite",
        RejectionReason.MissingArray => "missing-array",
        RejectionReason.BadSampleCount => "bad-sample-count",
        RejectionReason.NormOutlier => "norm-outlier",
        RejectionReason.ForeignSender => "foreign-sender",
        RejectionReason.LocalOnly => "local-only",
        _ => "norm-too-large",
    };

    private static double SquaredDistance(float[] values, float[] reference)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var difference = (double)values[i] - reference[i];
            sum += difference * difference;
        }

        return sum;
    }
}
