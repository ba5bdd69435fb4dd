using System.Diagnostics;
using ScaleFL.Cli.Commands;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Cli.Bench;

/// <summary>
/// Time of one full-model SGD step (momentum 0.9, weight decay 5e-4, cross-entropy on the last
/// stage's logits, batch of random images) in TorchSharp; bench/peer_torch.py does the same step
/// in PyTorch.
/// </summary>
internal static class StepTimer
{
    private const int WarmUpSteps = 2;

    public static TimeSpan MeanStep(string modelName, int batchSize, int steps)
    {
        using var model = ModelInputs.Create(modelName);
        var input = ModelInputs.DefaultFor(modelName);
        var last = model.StageCount - 1;
        model.train();
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 5e-4);
        using var generator = new Generator().manual_seed(0);
        using var images = randn([batchSize, input.Channels, input.Height, input.Width], generator: generator);
        using var labels = randint(ModelInputs.ClassCount, [batchSize], generator: generator);
        var watch = new Stopwatch();
        for (var step = 0; step < WarmUpSteps + steps; step++)
        {
            if (step == WarmUpSteps)
            {
                watch.Start();
            }

            using var scope = NewDisposeScope();
            var outputs = model.Output(last).call(model.ForwardBlocks(images, 0, last));
            var loss = nn.functional.cross_entropy(outputs.Logits, labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        return watch.Elapsed / steps;
    }
}
