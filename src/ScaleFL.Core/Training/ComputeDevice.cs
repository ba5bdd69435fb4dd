using System.Globalization;
using ScaleFL.Core.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Training;

/// <summary>
/// Where a process trains and evaluates: the CPU (default) or one CUDA device (<c>--device
/// cpu|cuda[:N]</c>). A setting of the machine, not of the experiment: it is never part of an
/// experiment file, a fingerprint or a message, so a run started on a GPU may be resumed on a CPU.
/// Models are built and seeded on the CPU and then moved (<see cref="Models.StagedModel.PlaceOn"/>),
/// so their initial weights do not depend on the device; weights leave a model as CPU arrays
/// (<see cref="Weights.ModuleWeights.Extract"/>). On the CPU nothing is moved or copied, so CPU
/// runs are exactly what they were before the setting existed.
/// </summary>
public sealed record ComputeDevice
{
    /// <summary>The documentation a device error points to.</summary>
    public const string Guide = "docs/GPU.md";

    private const string Allowed = "cpu, cuda (the first CUDA device) or cuda:N with N a CUDA device index 0, 1, ...";

    private ComputeDevice(int? cudaIndex)
    {
        CudaIndex = cudaIndex;
    }

    /// <summary>The CPU, the default.</summary>
    public static ComputeDevice Cpu { get; } = new((int?)null);

    /// <summary>The CUDA device index, or null for the CPU.</summary>
    public int? CudaIndex { get; }

    /// <summary>True for the CPU.</summary>
    public bool IsCpu => CudaIndex is null;

    /// <summary>TorchSharp's device: <c>cpu</c> or <c>cuda:N</c> (made without loading CUDA; moving a tensor there does).</summary>
    public Device Torch => CudaIndex is { } index ? new Device(DeviceType.CUDA, index) : CPU;

    /// <summary>
    /// Parses <c>cpu</c>, <c>cuda</c> (= <c>cuda:0</c>) or <c>cuda:N</c> (N a non-negative
    /// integer), ignoring case and surrounding blanks; null or empty is the CPU. Anything else
    /// throws an <see cref="ExperimentException"/> naming the allowed values. Whether the device
    /// exists is <see cref="Require"/>'s question.
    /// </summary>
    public static ComputeDevice Parse(string? text)
    {
        var value = text?.Trim().ToLowerInvariant() ?? string.Empty;
        if (value is "" or "cpu")
        {
            return Cpu;
        }

        if (value == "cuda")
        {
            return new ComputeDevice(0);
        }

        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value["cuda:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new ComputeDevice(index);
        }

        throw new ExperimentException($"device: '{text}' is not allowed; allowed: {Allowed}.");
    }

    /// <summary>
    /// This device when <paramref name="backend"/> can run it; otherwise an
    /// <see cref="ExperimentException"/> with one line naming the problem and the fix. The CPU is
    /// always available and never asks the backend anything.
    /// </summary>
    public ComputeDevice Require(CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (CudaIndex is not { } index)
        {
            return this;
        }

        if (!backend.BuildHasCuda)
        {
            throw Unavailable(
                $"this build uses {backend.Build}, which has no CUDA backend; see {Guide} to build with TorchSharp-cuda-linux on a machine with an NVIDIA GPU");
        }

        var count = backend.CountDevices();
        if (count <= 0)
        {
            throw Unavailable(
                $"{backend.Build} has CUDA, but libtorch sees no CUDA device; check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES ({Guide})");
        }

        if (index >= count)
        {
            var devices = count == 1 ? "1 CUDA device, cuda:0" : $"{count} CUDA devices, cuda:0 to cuda:{count - 1}";
            throw Unavailable($"this machine has {devices}");
        }

        return this;
    }

    /// <summary>The flag's spelling: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => CudaIndex is { } index ? $"cuda:{index}" : "cpu";

    private ExperimentException Unavailable(string reason) => new($"device: '{this}' is not available: {reason}.");
}
