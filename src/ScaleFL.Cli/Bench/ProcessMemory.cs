namespace ScaleFL.Cli.Bench;

/// <summary>This process's resident memory from /proc/self/status (0 where there is no /proc).</summary>
internal static class ProcessMemory
{
    public static long CurrentBytes() => ReadKiB("VmRSS:") * 1024;

    public static long PeakBytes() => ReadKiB("VmHWM:") * 1024;

    /// <summary>The peak resident memory of another process (0 once it has exited, or where there is no /proc).</summary>
    public static long PeakBytesOf(int processId)
    {
        try
        {
            return ReadKiB("VmHWM:", $"/proc/{processId}/status") * 1024;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

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

    private static long ReadKiB(string field, string status = "/proc/self/status")
    {
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], BenchReport.Culture);
    }
}
