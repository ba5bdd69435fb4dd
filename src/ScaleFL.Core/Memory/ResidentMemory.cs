using System.Globalization;

namespace ScaleFL.Core.Memory;

/// <summary>
/// This process's resident memory from /proc/self/status (Linux only): VmRSS now, VmHWM the peak
/// since start or since the last reset through /proc/self/clear_refs.
/// </summary>
internal static class ResidentMemory
{
    private const string StatusPath = "/proc/self/status";

    public static long CurrentBytes() => ReadKiB("VmRSS:") * 1024;

    public static long PeakBytes() => ReadKiB("VmHWM:") * 1024;

    /// <summary>Resets VmHWM to the current RSS; false where the kernel or sandbox refuses.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return PeakBytes() <= CurrentBytes() + (1 << 20);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKiB(string field)
    {
        if (!File.Exists(StatusPath))
        {
            throw new PlatformNotSupportedException($"Resident memory is read from {StatusPath}, which this platform does not have.");
        }

        foreach (var line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var value = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        throw new PlatformNotSupportedException($"{StatusPath} has no {field} line.");
    }
}

/// <summary>Samples VmRSS on a timer, the fallback when VmHWM cannot be reset.</summary>
internal sealed class ResidentMemorySampler : IDisposable
{
    private readonly Timer timer;
    private long peak;

    public ResidentMemorySampler(TimeSpan period)
    {
        peak = ResidentMemory.CurrentBytes();
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, period);
    }

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peak);
        }
    }

    public void Dispose() => timer.Dispose();

    private void Sample()
    {
        var now = ResidentMemory.CurrentBytes();
        long seen;
        do
        {
            seen = Interlocked.Read(ref peak);
        }
        while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen);
    }
}
