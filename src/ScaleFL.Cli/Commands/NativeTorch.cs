using System.Reflection;
using System.Runtime.InteropServices;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Points TorchSharp at a libtorch and LibTorchSharp built elsewhere (TorchSharp ships no
/// linux-arm64 build; see docs/JETSON.md). Must run before the first TorchSharp call: it loads
/// libtorch's libraries from the folder and answers TorchSharp's own library look-ups with them.
/// </summary>
internal static class NativeTorch
{
    public const string EnvironmentVariable = "SCALEFL_NATIVE_LIB_DIR";

    // Load order follows the dependencies: c10 under torch_cpu under torch under LibTorchSharp.
    private static readonly string[] Libraries = ["c10", "c10_cuda", "torch_cpu", "torch_cuda", "torch", "LibTorchSharp"];
    private static readonly Dictionary<string, IntPtr> Loaded = [];

    /// <summary>The folder used, or null when neither the flag nor <see cref="EnvironmentVariable"/> names one.</summary>
    public static string? Use(string? flagDirectory)
    {
        var directory = flagDirectory ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            return null;
        }

        var bridge = Path.Combine(directory, FileName("LibTorchSharp"));
        if (!File.Exists(bridge))
        {
            throw new ExperimentException($"native-lib-dir: '{directory}' has no {FileName("LibTorchSharp")}; build it against that folder's libtorch (docs/JETSON.md).");
        }

        lock (Loaded)
        {
            if (Loaded.Count > 0)
            {
                return directory;
            }

            foreach (var library in Libraries)
            {
                var path = Path.Combine(directory, FileName(library));
                if (File.Exists(path))
                {
                    Loaded[library] = NativeLibrary.Load(path);
                }
            }

            NativeLibrary.SetDllImportResolver(typeof(TorchSharp.torch).Assembly, Resolve);
        }

        return directory;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        lock (Loaded)
        {
            return Loaded.TryGetValue(name, out var handle) ? handle : IntPtr.Zero;
        }
    }

    private static string FileName(string library) =>
        OperatingSystem.IsWindows() ? $"{library}.dll" : OperatingSystem.IsMacOS() ? $"lib{library}.dylib" : $"lib{library}.so";
}
