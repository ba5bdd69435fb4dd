using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// A network split into T blocks (stages) with one output module per stage. State-dict names are
/// <c>blocks.{k}.*</c> for block k and <c>outputs.{k}.*</c> for stage k's output module, with k
/// counted from 0. The full network is blocks 0..T-1 followed by output module T-1, which has
/// no stand-ins.
/// </summary>
public abstract class StagedModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] blockList;
    private readonly OutputModule[] outputList;
#pragma warning disable IDE0052 // Held so RegisterComponents names them "blocks" and "outputs".
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> blocks;
    private readonly TorchSharp.Modules.ModuleList<OutputModule> outputs;
#pragma warning restore IDE0052

    /// <summary>Builds the model from its blocks and one output module per block.</summary>
    protected StagedModel(
        string name,
        ModelDescription description,
        IReadOnlyList<nn.Module<Tensor, Tensor>> stageBlocks,
        IReadOnlyList<OutputModule> stageOutputs) : base(name)
    {
        if (stageBlocks.Count == 0 || stageBlocks.Count != stageOutputs.Count)
        {
            throw new ArgumentException(
                $"Model '{name}' needs one output module per block; got {stageBlocks.Count} blocks and {stageOutputs.Count} output modules.");
        }

        Description = description;
        blockList = stageBlocks.ToArray();
        outputList = stageOutputs.ToArray();
        blocks = nn.ModuleList(blockList);
        outputs = nn.ModuleList(outputList);
        RegisterComponents();
    }

    /// <summary>Name, input shape and class count.</summary>
    public ModelDescription Description { get; }

    /// <summary>Where the parameters and buffers live: the CPU until <see cref="PlaceOn"/> moves them.</summary>
    public Device TorchDevice { get; private set; } = CPU;

    /// <summary>
    /// Moves the parameters and buffers to <paramref name="device"/> (<see cref="Training.ComputeDevice.Torch"/>)
    /// and returns this model. On the CPU nothing is touched. Build and seed the model on the
    /// CPU first, so its initial weights are the same on every device.
    /// </summary>
    public StagedModel PlaceOn(Device device)
    {
        if (device.type != DeviceType.CPU)
        {
            this.to(device);
            TorchDevice = device;
        }

        return this;
    }

    /// <summary>
    /// <paramref name="batch"/> on this model's device: the batch itself on the CPU (no copy),
    /// else a copy on the device, owned by the current dispose scope.
    /// </summary>
    public Tensor Place(Tensor batch) => TorchDevice.type == DeviceType.CPU ? batch : batch.to(TorchDevice);

    /// <summary>T, the number of blocks.</summary>
    public int StageCount => blockList.Length;

    /// <summary>Block <paramref name="stage"/> (0-based).</summary>
    public nn.Module<Tensor, Tensor> Block(int stage) => blockList[stage];

    /// <summary>The output module of stage <paramref name="stage"/> (0-based).</summary>
    public OutputModule Output(int stage) => outputList[stage];

    /// <summary>State-dict name prefix of block <paramref name="stage"/>, ending in a dot.</summary>
    public static string BlockPrefix(int stage) => $"blocks.{stage}.";

    /// <summary>State-dict name prefix of output module <paramref name="stage"/>, ending in a dot.</summary>
    public static string OutputPrefix(int stage) => $"outputs.{stage}.";

    /// <summary>
    /// State-dict name prefixes (each ending in a dot) of the last layer of block
    /// <paramref name="stage"/>: what the Training Harmonizer co-adapts while the next block
    /// trains. For ResNets the last BasicBlock's conv2 and bn2.
    /// </summary>
    public abstract IReadOnlyList<string> TailPrefixes(int stage);

    /// <summary>Runs blocks <paramref name="fromStage"/>..<paramref name="toStage"/> inclusive.</summary>
    public Tensor ForwardBlocks(Tensor input, int fromStage, int toStage)
    {
        var x = input;
        for (var stage = fromStage; stage <= toStage; stage++)
        {
            var next = blockList[stage].call(x);
            if (!ReferenceEquals(x, input))
            {
                x.Dispose();
            }

            x = next;
        }

        return x;
    }

    /// <summary>Blocks 0..stage then the stage's output module.</summary>
    public StageOutputs ForwardStage(Tensor input, int stage)
    {
        using var features = ForwardBlocks(input, 0, stage);
        return outputList[stage].call(features);
    }

    /// <summary>
    /// Blocks <paramref name="fromStage"/>..max(<paramref name="exits"/>) on <paramref name="input"/>
    /// (the output of block <paramref name="fromStage"/> - 1, or the images when it is 0), with the
    /// output module of each stage in <paramref name="exits"/> (ascending, each at least
    /// <paramref name="fromStage"/>) applied to its block's features: one <see cref="StageOutputs"/>
    /// per exit, in order. With one exit it is <see cref="ForwardBlocks"/> then that output module.
    /// </summary>
    public IReadOnlyList<StageOutputs> ForwardExits(Tensor input, int fromStage, IReadOnlyList<int> exits)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exits.Count);
        var outputs = new List<StageOutputs>(exits.Count);
        var x = input;
        var stage = fromStage;
        foreach (var exit in exits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(exit, stage);
            var features = ForwardBlocks(x, stage, exit);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, features))
            {
                x.Dispose();
            }

            outputs.Add(outputList[exit].call(features));
            (x, stage) = (features, exit + 1);
        }

        return outputs;
    }

    /// <summary>The full network's logits.</summary>
    public override Tensor forward(Tensor input)
    {
        var result = ForwardStage(input, StageCount - 1);
        result.Features.Dispose();
        result.Projection.Dispose();
        return result.Logits;
    }
}
