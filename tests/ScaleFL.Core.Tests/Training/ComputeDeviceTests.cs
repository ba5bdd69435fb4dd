using ScaleFL.Core.Experiments;
using ScaleFL.Core.Training;

namespace ScaleFL.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ComputeDeviceTests
{
    private static readonly CudaBackend CpuPackage = new("the TorchSharp-cpu package", false, () => throw new InvalidOperationException("a CPU-only build is never asked for its CUDA devices"));

    private static CudaBackend CudaPackage(int devices) => new("the TorchSharp-cuda-linux package", true, () => devices);

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("cpu", null)]
    [InlineData(" CPU ", null)]
    [InlineData("cuda", 0)]
    [InlineData("cuda:0", 0)]
    [InlineData("CUDA:3", 3)]
    public void Parse_reads_cpu_cuda_and_cuda_with_an_index(string? text, int? index)
    {
        var device = ComputeDevice.Parse(text);

        Assert.Equal(index, device.CudaIndex);
        Assert.Equal(index is null, device.IsCpu);
        Assert.Equal(index is { } n ? $"cuda:{n}" : "cpu", device.ToString());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:")]
    [InlineData("cuda:1.5")]
    [InlineData("cpu:0")]
    [InlineData("mps")]
    public void Parse_refuses_other_spellings_naming_the_allowed_values(string text)
    {
        var error = Assert.Throws<ExperimentException>(() => ComputeDevice.Parse(text));

        Assert.Equal($"device: '{text}' is not allowed; allowed: cpu, cuda (the first CUDA device) or cuda:N with N a CUDA device index 0, 1, ....", error.Message);
    }

    [Fact]
    public void The_cpu_is_always_available_without_asking_the_backend()
    {
        Assert.Same(ComputeDevice.Cpu, ComputeDevice.Cpu.Require(CpuPackage));
        Assert.Same(ComputeDevice.Cpu, ComputeDevice.Cpu.Require(CudaPackage(0)));
        Assert.Equal(TorchSharp.DeviceType.CPU, ComputeDevice.Cpu.Torch.type);
    }

    [Fact]
    public void Cuda_on_the_cpu_package_is_refused_naming_the_package_and_the_guide()
    {
        var error = Assert.Throws<ExperimentException>(() => ComputeDevice.Parse("cuda").Require(CpuPackage));

        Assert.Equal(
            "device: 'cuda:0' is not available: this build uses the TorchSharp-cpu package, which has no CUDA backend; " +
            "see docs/GPU.md to build with TorchSharp-cuda-linux on a machine with an NVIDIA GPU.",
            error.Message);
    }

    [Fact]
    public void Cuda_where_libtorch_sees_no_device_is_refused_naming_the_driver()
    {
        var error = Assert.Throws<ExperimentException>(() => ComputeDevice.Parse("cuda:0").Require(CudaPackage(0)));

        Assert.StartsWith("device: 'cuda:0' is not available: the TorchSharp-cuda-linux package has CUDA, but libtorch sees no CUDA device", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA_VISIBLE_DEVICES", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuda:1", 1, "device: 'cuda:1' is not available: this machine has 1 CUDA device, cuda:0.")]
    [InlineData("cuda:2", 2, "device: 'cuda:2' is not available: this machine has 2 CUDA devices, cuda:0 to cuda:1.")]
    public void A_cuda_index_beyond_the_device_count_is_refused_naming_the_devices(string text, int devices, string expected)
    {
        var error = Assert.Throws<ExperimentException>(() => ComputeDevice.Parse(text).Require(CudaPackage(devices)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_cuda_index_below_the_device_count_is_accepted()
    {
        var device = ComputeDevice.Parse("cuda:1").Require(CudaPackage(2));

        Assert.Equal(1, device.CudaIndex);
        Assert.Equal(TorchSharp.DeviceType.CUDA, device.Torch.type);
        Assert.Equal(1, device.Torch.index);
    }

    [Fact]
    public void This_process_is_built_on_the_cpu_package_and_says_so()
    {
        var backend = CudaBackend.OfThisProcess();

        Assert.Equal("the TorchSharp-cpu package", backend.Build);
        Assert.False(backend.BuildHasCuda);
    }

    [Fact]
    public void A_libtorch_loaded_from_elsewhere_is_asked_for_its_devices()
    {
        var backend = CudaBackend.OfThisProcess("/opt/libtorch-jetson/lib");

        Assert.True(backend.BuildHasCuda);
        Assert.Contains("/opt/libtorch-jetson/lib", backend.Build, StringComparison.Ordinal);
        Assert.Equal(0, backend.CountDevices());
    }
}
