using System.Reflection;

namespace ScaleFL.Core.Training;

/// <summary>
/// What the libtorch this process runs on can offer a <see cref="ComputeDevice"/>: whether the
/// build has a CUDA backend at all, and how many CUDA devices it sees (asked only when a CUDA
/// device is requested, since the question loads libtorch).
/// </summary>
/// <param name="Build">The build, for messages: <c>the TorchSharp-cpu package</c>, or the folder of a libtorch loaded from elsewhere.</param>
/// <param name="BuildHasCuda">False when the build certainly has no CUDA backend (the TorchSharp-cpu package); true when it has one or may have one.</param>
/// <param name="CountDevices">The CUDA devices libtorch sees; 0 when it sees none.</param>
public sealed record CudaBackend(string Build, bool BuildHasCuda, Func<int> CountDevices)
{
    /// <summary>The assembly metadata key holding the TorchSharp package this build references (set in ScaleFL.Core.csproj).</summary>
    public const string PackageKey = "TorchSharpPackage";

    /// <summary>
    /// The backend of this process: the TorchSharp package it was built with (from the
    /// <see cref="PackageKey"/> metadata), unless <paramref name="nativeLibraryDirectory"/>
    /// names a libtorch loaded from elsewhere (<c>--native-lib-dir</c>), which may have CUDA.
    /// </summary>
    public static CudaBackend OfThisProcess(string? nativeLibraryDirectory = null)
    {
        if (nativeLibraryDirectory is not null)
        {
            return new CudaBackend($"the libtorch in {nativeLibraryDirectory}", true, CountTorchDevices);
        }

        var package = typeof(CudaBackend).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == PackageKey)?.Value ?? "TorchSharp-cpu";
        return new CudaBackend(
            $"the {package} package", !package.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase), CountTorchDevices);
    }

    private static int CountTorchDevices()
    {
        try
        {
            return TorchSharp.torch.cuda.is_available() ? TorchSharp.torch.cuda.device_count() : 0;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException or NotSupportedException or InvalidOperationException)
        {
            // A libtorch whose CUDA libraries cannot load has no usable device.
            return 0;
        }
    }
}
