namespace ScaleFL.Cli.Tests;

/// <summary>
/// <c>--device</c> on every command that trains or evaluates: this build is CPU-only, so a CUDA
/// device ends the command in one line before any data is loaded, port opened or folder written.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeviceFlagTests : IDisposable
{
    private const string CpuOnly =
        "scalefl: device: 'cuda:0' is not available: this build uses the TorchSharp-cpu package, which has no CUDA backend; " +
        "see docs/GPU.md to build with TorchSharp-cuda-linux on a machine with an NVIDIA GPU.";

    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-device-").FullName;

    [Fact]
    public void Simulate_on_cuda_exits_2_with_one_line_and_writes_no_run_folder()
    {
        var output = Path.Combine(directory, "runs");

        var (exit, _, error) = CliRun.Invoke("simulate", "--device", "cuda", "--dataset", "synthetic", "--rounds", "1", "--out", output, "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal(CpuOnly, error.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("compare")]
    [InlineData("sweep", "--grid", "lr=0.01,0.02")]
    [InlineData("server", "--port", "0")]
    public void Every_experiment_command_refuses_cuda_before_it_writes_anything(string command, params string[] extra)
    {
        var output = Path.Combine(directory, command);

        var (exit, _, error) = CliRun.Invoke([command, "--device", "cuda:0", "--dataset", "synthetic", "--rounds", "1", "--out", output, "--quiet", .. extra]);

        Assert.Equal(2, exit);
        Assert.Equal(CpuOnly, error.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_client_refuses_cuda_before_it_joins()
    {
        var (exit, _, error) = CliRun.Invoke(
            "client", "--device", "cuda", "--seed-node", "akka.tcp://scalefl@127.0.0.1:9", "--memory-mb", "100", "--share", "1/2", "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal(CpuOnly, error.Trim());
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void A_misspelt_device_exits_2_with_one_line_naming_the_allowed_values(string device)
    {
        var (exit, _, error) = CliRun.Invoke("simulate", "--device", device, "--dataset", "synthetic", "--out", Path.Combine(directory, "runs"), "--quiet");

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"scalefl: device: '{device}' is not allowed; allowed: cpu, cuda", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_device_is_accepted_and_the_next_problem_is_reported()
    {
        var (exit, _, error) = CliRun.Invoke("simulate", "--device", "cpu", "--rounds", "0", "--out", Path.Combine(directory, "runs"), "--quiet");

        Assert.Equal(2, exit);
        Assert.StartsWith("scalefl: rounds: '0'", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
