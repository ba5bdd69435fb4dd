using System.Runtime.InteropServices;

namespace ScaleFL.Cli.Soak;

/// <summary>
/// Hands freed native heap back to the OS (glibc <c>malloc_trim</c>) before resident memory is
/// sampled, so the soak measures what is still held rather than how fragmented glibc's arenas
/// happen to be. A leak survives the trim; where there is no glibc this does nothing.
/// </summary>
internal static class NativeHeap
{
    private static readonly MallocTrim? Trim = Load();

    private delegate int MallocTrim(nuint pad);

    public static void Release() => Trim?.Invoke(0);

    private static MallocTrim? Load()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "malloc_trim", out var export))
        {
            return null;
        }

        return Marshal.GetDelegateForFunctionPointer<MallocTrim>(export);
    }
}
