using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.TestSupport;

/// <summary>
/// A three-block stand-in for the real models: each block is two conv-BN-ReLU layers (the
/// second is the block's tail), blocks 1 and 2 halve the resolution. Built with a fixed seed so
/// two instances start identical.
/// </summary>
public sealed class TinyStagedModel : StagedModel
{
    private static readonly int[] TinyWidths = [4, 8, 8];

    private TinyStagedModel(ImageShape input, int classCount, int[] widths)
        : base("tiny", new ModelDescription("tiny", input, classCount), CreateBlocks(input.Channels, widths), CreateOutputs(classCount, widths))
    {
    }

    /// <summary>Creates the model with weights initialised from <paramref name="seed"/>.</summary>
    public static TinyStagedModel Create(ImageShape input, int classCount, int seed = 1) => Create(input, classCount, seed, TinyWidths);

    /// <summary>
    /// The same three-stage shape with the given channel widths: [64, 128, 128] makes a stage-1 task
    /// of about 1 MB, bigger than a small node's frame, for transport tests.
    /// </summary>
    public static TinyStagedModel Create(ImageShape input, int classCount, int seed, int[] widths)
    {
        torch.manual_seed(seed);
        return new TinyStagedModel(input, classCount, widths);
    }

    public override IReadOnlyList<string> TailPrefixes(int stage) =>
        [$"{BlockPrefix(stage)}conv2.", $"{BlockPrefix(stage)}bn2."];

    private static List<nn.Module<Tensor, Tensor>> CreateBlocks(int inputChannels, int[] widths)
    {
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var channels = inputChannels;
        for (var stage = 0; stage < widths.Length; stage++)
        {
            blocks.Add(new TinyBlock($"block{stage}", channels, widths[stage], stride: stage == 0 ? 1 : 2));
            channels = widths[stage];
        }

        return blocks;
    }

    private static List<OutputModule> CreateOutputs(int classCount, int[] widths) =>
        Enumerable.Range(0, widths.Length)
            .Select(stage => (OutputModule)new TinyOutput($"output{stage}", widths[stage..], classCount))
            .ToList();

    private sealed class TinyBlock : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1;
        private readonly nn.Module<Tensor, Tensor> bn1;
        private readonly nn.Module<Tensor, Tensor> conv2;
        private readonly nn.Module<Tensor, Tensor> bn2;

        public TinyBlock(string name, int inputChannels, int width, int stride) : base(name)
        {
            conv1 = nn.Conv2d(inputChannels, width, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(width);
            conv2 = nn.Conv2d(width, width, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(width);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var first = nn.functional.relu(bn1.call(conv1.call(input)));
            return nn.functional.relu(bn2.call(conv2.call(first)));
        }
    }

    /// <summary>Stand-in strided convs for the later stages, then pooling, classifier and projection.</summary>
    private sealed class TinyOutput : OutputModule
    {
        private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> standIns;
        private readonly nn.Module<Tensor, Tensor> classifier;
        private readonly nn.Module<Tensor, Tensor> projection;

        public TinyOutput(string name, int[] widths, int classCount) : base(name)
        {
            var convs = new List<nn.Module<Tensor, Tensor>>();
            for (var i = 1; i < widths.Length; i++)
            {
                convs.Add(nn.Conv2d(widths[i - 1], widths[i], 3, stride: 2, padding: 1));
            }

            standIns = nn.ModuleList(convs.ToArray());
            classifier = nn.Linear(widths[^1], classCount);
            projection = nn.Linear(widths[^1], 6);
            RegisterComponents();
        }

        public override StageOutputs forward(Tensor input)
        {
            var features = input.alias();
            foreach (var standIn in standIns)
            {
                var next = standIn.call(features);
                features.Dispose();
                features = next;
            }

            using var pooled = features.mean([2, 3]);
            return new StageOutputs(features, classifier.call(pooled), projection.call(pooled));
        }
    }
}
