using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Weights;

/// <summary>
/// Moves weights between a TorchSharp module and plain <see cref="WeightSet"/>s. Parameters and
/// floating-point buffers (BatchNorm running statistics) are included; integer buffers such as
/// <c>num_batches_tracked</c> are not, since BatchNorm with a fixed momentum never reads them.
/// </summary>
public static class ModuleWeights
{
    /// <summary>Copies the module's parameters and float buffers whose names pass the filter.</summary>
    public static WeightSet Extract(nn.Module module, Func<string, bool>? include = null)
    {
        var arrays = new List<NamedArray>();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (tensor.dtype != ScalarType.Float32 || (include is not null && !include(name)))
            {
                continue;
            }

            using var contiguous = tensor.detach().cpu().contiguous();
            arrays.Add(new NamedArray(name, contiguous.shape, contiguous.data<float>().ToArray()));
        }

        return new WeightSet(arrays);
    }

    /// <summary>
    /// Writes every array of <paramref name="weights"/> into the module's tensor of the same name,
    /// in place and without tracking gradients. A name the module lacks or a shape that differs is
    /// an error naming the array; nothing is written in that case.
    /// </summary>
    public static void Load(nn.Module module, WeightSet weights)
    {
        var state = module.state_dict();
        foreach (var array in weights)
        {
            if (!state.TryGetValue(array.Name, out var target))
            {
                throw new ArgumentException($"Model '{module.GetName()}' has no tensor named '{array.Name}'.");
            }

            if (!target.shape.AsSpan().SequenceEqual(array.Shape))
            {
                throw new ArgumentException(
                    $"Tensor '{array.Name}' has shape [{string.Join(",", target.shape)}], the weights have [{string.Join(",", array.Shape)}].");
            }
        }

        using var noGrad = no_grad();
        foreach (var array in weights)
        {
            using var source = tensor(array.Values, array.Shape);
            state[array.Name].copy_(source);
        }
    }
}
