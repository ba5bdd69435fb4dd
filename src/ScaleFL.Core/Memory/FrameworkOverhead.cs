using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Memory;

/// <summary>
/// The fixed resident cost of the first training step in a process, whatever the model: the
/// autograd engine's threads, libtorch's kernel and thread-pool set-up, the first optimizer
/// step. A device pays it once per process, on top of the stage's own footprint.
/// </summary>
public static class FrameworkOverhead
{
    /// <summary>
    /// Steps of the probe net: enough for the .NET heap to reach the size at which its youngest
    /// generation is collected, which a real model reaches within its first step (every tensor
    /// op leaves a managed wrapper behind until the dispose scope ends).
    /// </summary>
    private const int Steps = 50;

    /// <summary>
    /// Trains a small residual net (<see cref="ProbeNet"/>) for <see cref="Steps"/> steps in this process and returns the rise of
    /// the resident peak, in bytes. Only meaningful in a fresh process that has trained nothing
    /// yet (afterwards the cost is already paid and the figure is near 0): run it in a child,
    /// as <c>scalefl memory-probe --framework</c> does.
    /// </summary>
    public static long MeasureInThisProcess()
    {
        NativeAllocator.ReturnLargeBlocksToSystem();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = ResidentMemory.CurrentBytes();
        var hwmReset = ResidentMemory.TryResetPeak();
        using var sampler = hwmReset ? null : new ResidentMemorySampler(TimeSpan.FromMilliseconds(5));
        using (var net = ProbeNet())
        {
            using var optimizer = optim.SGD(net.parameters(), 0.01, momentum: 0.9, weight_decay: 5e-4);
            for (var step = 0; step < Steps; step++)
            {
                using var scope = NewDisposeScope();
                var loss = nn.functional.cross_entropy(net.call(ones(16, 1, 8, 8)), zeros(16, dtype: int64));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }

        var peak = hwmReset ? ResidentMemory.PeakBytes() : sampler!.PeakBytes;
        return Math.Max(0, peak - baseline);
    }

    /// <summary>
    /// A small residual net on 8x8 inputs whose op mix is a ResNet's (convolutions of several
    /// shapes, BatchNorm, ReLU as module and function, residual adds, pooling, linear) at
    /// activation sizes of a few KiB, so what it measures is the framework, not its own tensors.
    /// </summary>
    private static nn.Module<Tensor, Tensor> ProbeNet() => nn.Sequential(
        nn.Conv2d(1, 16, 3, padding: 1, bias: false),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        new ResidualPair(16, 1),
        new ResidualPair(32, 2),
        new ResidualPair(32, 1),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(32, 2));

    /// <summary>conv-BN-ReLU-conv-BN plus a shortcut (1x1 conv when the shape changes), then ReLU.</summary>
    private sealed class ResidualPair : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> body;
        private readonly nn.Module<Tensor, Tensor>? shortcut;

        public ResidualPair(int width, int stride) : base(nameof(ResidualPair))
        {
            var input = stride == 1 ? width : width / 2;
            body = nn.Sequential(
                nn.Conv2d(input, width, 3, stride: stride, padding: 1, bias: false),
                nn.BatchNorm2d(width),
                nn.ReLU(),
                nn.Conv2d(width, width, 3, padding: 1, bias: false),
                nn.BatchNorm2d(width));
            shortcut = stride == 1 ? null : nn.Conv2d(input, width, 1, stride: stride, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var identity = shortcut is null ? input : shortcut.call(input);
            return nn.functional.relu(body.call(input).add_(identity)).MoveToOuterDisposeScope();
        }
    }
}
