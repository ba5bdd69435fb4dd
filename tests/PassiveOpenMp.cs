using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ScaleFL.TestProcess;

/// <summary>
/// Lets libtorch's OpenMP threads sleep at a barrier instead of spinning, in every test process and
/// every <c>scalefl</c> process a test starts. The test projects run side by side on a machine of two
/// cores, each process with two OpenMP threads: spinning threads then take the cores the other
/// processes' threads wait for, and a 2-round training test took 7x as long (163-178 s against
/// 22-25 s with <c>OMP_WAIT_POLICY=PASSIVE</c>, one test, the same machine and load, run in turn).
/// A value the user set is kept. Compiled into each test project (tests/Directory.Build.props).
/// </summary>
internal static class PassiveOpenMp
{
    private const string Variable = "OMP_WAIT_POLICY";

#pragma warning disable CA2255 // Runs before any test loads libtorch, whose OpenMP reads the variable once, when it loads.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        // The managed environment: what Process.Start hands to the scalefl processes a test starts.
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        if (!OperatingSystem.IsWindows())
        {
            // The native one, which libgomp reads in this process (the managed one never reaches it).
            _ = SetNative([.. "OMP_WAIT_POLICY"u8, 0], [.. "PASSIVE"u8, 0], 0);
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNative(byte[] name, byte[] value, int overwrite);
}
