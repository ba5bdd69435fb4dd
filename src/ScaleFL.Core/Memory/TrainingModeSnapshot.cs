using static TorchSharp.torch;

namespace ScaleFL.Core.Memory;

/// <summary>
/// Remembers the train/eval flag of every module of a tree and puts them back on dispose, so a
/// measurement can switch a model to eval (BN must not update its running statistics) without
/// losing a frozen prefix that was already in eval while the rest trains.
/// </summary>
internal sealed class TrainingModeSnapshot : IDisposable
{
    private readonly (nn.Module Module, bool Training)[] modes;

    private TrainingModeSnapshot(nn.Module root)
    {
        modes = [(root, root.training), .. root.named_modules().Select(pair => (pair.module, pair.module.training))];
    }

    /// <summary>Captures the current flags, then puts the whole tree in eval mode.</summary>
    public static TrainingModeSnapshot Eval(nn.Module root)
    {
        var snapshot = new TrainingModeSnapshot(root);
        root.eval();
        return snapshot;
    }

    public void Dispose()
    {
        // named_modules is pre-order, so restoring in order lets a child's flag win over the
        // recursive train()/eval() of its parent.
        foreach (var (module, training) in modes)
        {
            module.train(training);
        }
    }
}
