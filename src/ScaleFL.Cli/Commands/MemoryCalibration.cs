using ScaleFL.Core.Memory;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The memory model every run of the command line uses: the probed model plus the framework's
/// fixed first-step cost, measured once in a fresh child process and cached on disk per library
/// version (<see cref="MeasurementCache"/>). Stage footprints are then upper bounds of what a
/// device's process holds, and <c>relative:</c> budgets are fractions of that calibrated figure.
/// </summary>
internal static class MemoryCalibration
{
    private static readonly Lazy<long> Framework = new(() => MemoryProbeChild.FrameworkBytes(MeasurementCache.Default()));

    /// <summary>A <see cref="ProbedMemoryModel"/> with the measured framework cost.</summary>
    public static ProbedMemoryModel Model() => new(frameworkBytes: Framework.Value);
}
