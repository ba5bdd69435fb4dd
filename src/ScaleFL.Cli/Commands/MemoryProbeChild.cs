using System.Diagnostics;
using ScaleFL.Core.Memory;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Runs <c>scalefl memory-probe</c> in a child process: resident memory is process-wide, so a
/// fresh process per measurement keeps earlier allocations from masking (or inflating) a peak.
/// Results are cached on disk by <see cref="MeasurementCache"/>.
/// </summary>
internal static class MemoryProbeChild
{
    /// <summary>The measured peak of one training step of <paramref name="request"/>, in bytes, weights included.</summary>
    public static long StagePeakBytes(MemoryProbeRequest request, MeasurementCache cache) =>
        cache.GetOrMeasure(MeasurementCache.StageKey(request), () => Measure(request).Measurement.PeakAboveBaselineBytes);

    /// <summary>The framework's first-step cost in a fresh process, in bytes.</summary>
    public static long FrameworkBytes(MeasurementCache cache) =>
        cache.GetOrMeasure(MeasurementCache.FrameworkKey(), () => FrameworkOverheadLine.Parse(Run([MemoryProbeCommand.FrameworkOption], "framework overhead")));

    /// <summary>Measures <paramref name="request"/> in a child, bypassing the cache.</summary>
    public static MemoryProbeResult Measure(MemoryProbeRequest request) =>
        MemoryProbeResult.FromOutput(Run(request.ToArgs(), $"{request.ModelName} {request.Subject}"));

    private static string Run(IReadOnlyList<string> arguments, string what)
    {
        var start = Bench.SelfProcess.StartInfo(new[] { MemoryProbeCommand.Name }.Concat(arguments));
        using var child = Process.Start(start)!;
        child.StandardInput.Close();
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Memory probe for {what} failed: {stderr.Trim()}");
        }

        return stdout.Result;
    }
}
