namespace ScaleFL.Cli.Bench;

/// <summary>This process's resident memory from /proc/self/status (0 where there is no /proc).</summary>
internal static class ProcessMemory
{
    public static long CurrentBytes() => ReadKiB("VmRSS:") * 1024;

    public static long PeakBytes() => ReadKiB("VmHWM:") * 1024;

    /// <summary>Resets the peak to the current value (Linux clear_refs 5); false where not allowed.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadKiB(string field)
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return 0;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], BenchReport.Culture);
    }
}
