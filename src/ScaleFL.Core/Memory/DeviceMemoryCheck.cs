using System.Globalization;

namespace ScaleFL.Core.Memory;

/// <summary>What a device decided about a stage's memory, and the line that says why.</summary>
/// <param name="Fits">True when it trains the stage.</param>
/// <param name="Line">Stage or sub-model, batch, the measured peak (when measured), the estimate and the budget, in MiB.</param>
public sealed record MemoryVerdict(bool Fits, string Line);

/// <summary>
/// A device's memory decision for one task: with its own measured peak of the stage that figure
/// decides, not the server's estimate (the estimate is an upper bound within 25 %, the
/// measurement is what this device's process really held); without one (simulated devices) the
/// estimate decides. An estimate of 0 means the method ignores memory: the device trains.
/// </summary>
public static class DeviceMemoryCheck
{
    private const double MiB = 1024.0 * 1024.0;

    /// <summary>
    /// Judges a task that trains <paramref name="subject"/> (<c>stage 1</c>, <c>width 1/4</c>,
    /// <c>depth 2</c>: what the line names) at <paramref name="batchSize"/> samples per pass. All
    /// sizes in bytes, the estimate and the measurement of that very sub-model or stage;
    /// <paramref name="measuredBytes"/> null when the device does not measure.
    /// </summary>
    public static MemoryVerdict Judge(string subject, int batchSize, long budgetBytes, long estimateBytes, long? measuredBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(estimateBytes);
        var fits = estimateBytes == 0 || (measuredBytes is { } measured ? measured <= budgetBytes : estimateBytes <= budgetBytes);
        var figures = measuredBytes is { } peak
            ? F($"measured peak {peak / MiB:F1} MiB, estimate {estimateBytes / MiB:F1} MiB")
            : F($"estimate {estimateBytes / MiB:F1} MiB");
        var line = F($"{subject} at batch {batchSize}: {figures}, budget {budgetBytes / MiB:F1} MiB (--memory-mb): {(fits ? "fits" : "does not fit")}");
        return new MemoryVerdict(fits, line);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
