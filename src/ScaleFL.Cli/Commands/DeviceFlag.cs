using System.CommandLine;
using ScaleFL.Core.Training;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// <c>--device cpu|cuda[:N]</c>: where a process that trains or evaluates runs its tensors. Part of
/// <see cref="ExperimentFlags"/> (simulate, compare, sweep, server) and of <see cref="NodeFlags"/>
/// (client, worker); checked before any data is loaded or port opened.
/// </summary>
internal sealed class DeviceFlag
{
    private readonly Option<string?> device = new("--device")
    {
        Description = "Where to train and evaluate: cpu (default), cuda (the first GPU) or cuda:N. This build is CPU-only unless built with TorchSharp-cuda-linux (docs/GPU.md).",
    };

    public void AddTo(Command command) => command.Options.Add(device);

    /// <summary>
    /// The device, checked against this process's libtorch (<paramref name="nativeLibraryDirectory"/>:
    /// the <c>--native-lib-dir</c> in use, if any). A misspelling or a device this process cannot
    /// use throws an <see cref="Core.Experiments.ExperimentException"/> with one line.
    /// </summary>
    public ComputeDevice Resolve(ParseResult parse, string? nativeLibraryDirectory = null) =>
        ComputeDevice.Parse(parse.GetValue(device)).Require(CudaBackend.OfThisProcess(nativeLibraryDirectory));
}
