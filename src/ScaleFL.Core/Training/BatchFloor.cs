using System.Runtime.CompilerServices;
using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Training;

/// <summary>
/// The smallest mini-batch a stage can train on. A BatchNorm layer in training mode normalizes
/// over batch x height x width; where that is a single value (one sample reaching a 1x1 feature
/// map, as in VGG-11's last block on 28x28 inputs), its variance is undefined and the running
/// variance becomes NaN, which poisons the update. Such a stage needs batches of at least 2; every
/// other stage (every BatchNorm seeing more than one position, or none in training mode) keeps
/// batches of 1, so batches that could already be normalized are never changed.
/// </summary>
public static class BatchFloor
{
    private static readonly ConditionalWeakTable<StagedModel, Dictionary<(int Stage, string Trainable), int>> Known = [];

    /// <summary>
    /// 2 when a BatchNorm that <paramref name="trainable"/> trains would see one position per
    /// sample, else 1. Measured once per model instance and trainable set by a forward pass of
    /// one zero sample of <paramref name="input"/> in eval mode under no_grad, which changes no
    /// weight or statistic.
    /// </summary>
    public static int Of(StagedModel model, TrainableSet trainable, ImageShape input)
    {
        var cache = Known.GetOrCreateValue(model);
        var key = (trainable.Stage, string.Join('|', trainable.Prefixes));
        lock (cache)
        {
            if (!cache.TryGetValue(key, out var floor))
            {
                floor = SmallestPositions(model, trainable, input) > 1 ? 1 : 2;
                cache[key] = floor;
            }

            return floor;
        }
    }

    /// <summary>
    /// <paramref name="batches"/> with a last batch smaller than <paramref name="floor"/> merged into
    /// the one before it, or dropped when it is the only one (a client holding a single sample).
    /// </summary>
    public static List<int[]> Apply(IEnumerable<int[]> batches, int floor)
    {
        var list = batches.ToList();
        if (list.Count == 0 || list[^1].Length >= floor)
        {
            return list;
        }

        var tail = list[^1];
        list.RemoveAt(list.Count - 1);
        if (list.Count > 0)
        {
            list[^1] = [.. list[^1], .. tail];
        }

        return list;
    }

    private static long SmallestPositions(StagedModel model, TrainableSet trainable, ImageShape input)
    {
        var smallest = long.MaxValue;
        var hooks = new List<Action>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is TorchSharp.Modules.BatchNorm norm && trainable.ContainsModule(name))
            {
                var remover = norm.register_forward_pre_hook((_, tensor) =>
                {
                    // Positions one sample contributes per channel: everything after [N, C].
                    smallest = Math.Min(smallest, tensor.numel() / Math.Max(1, tensor.shape[0] * tensor.shape[1]));
                    return tensor;
                });
                hooks.Add(remover.remove);
            }
        }

        if (hooks.Count == 0)
        {
            return long.MaxValue;
        }

        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.ForwardExits(zeros(1, input.Channels, input.Height, input.Width, device: model.TorchDevice), 0, trainable.Exits);
        }
        finally
        {
            foreach (var remove in hooks)
            {
                remove();
            }
        }

        return smallest;
    }
}
