using System.Runtime.InteropServices;

namespace ScaleFL.Cli.Bench;

/// <summary>The machine a bench ran on: cores, CPU model and memory, read from /proc on Linux.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ProcField("/proc/meminfo", "MemTotal");
        var memoryText = memory is null ? "unknown memory" : $"{long.Parse(memory.Split(' ')[0], BenchReport.Culture) / 1024 / 1024.0:F1} GiB RAM";
        return $"{Environment.ProcessorCount} cores (nproc), {cpu}, {memoryText}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? ProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
