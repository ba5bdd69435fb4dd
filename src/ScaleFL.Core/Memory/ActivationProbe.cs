using ScaleFL.Core.Models;
using static TorchSharp.torch;

namespace ScaleFL.Core.Memory;

/// <summary>One call of a leaf module during a probe, sizes for a single sample.</summary>
/// <param name="Module">State-dict style module name, for example <c>blocks.1.3</c>.</param>
/// <param name="HasParameters">Whether the module owns parameters.</param>
/// <param name="InputBytes">Bytes of the call's input for one sample.</param>
/// <param name="OutputBytes">Bytes of the call's output for one sample.</param>
/// <param name="FunctionalInputBytes">
/// Bytes of the call's input for one sample when no earlier leaf produced or received that tensor:
/// it is the output of a functional op (a ReLU or residual add written as a function), which
/// autograd keeps for backward just like a leaf's output; 0 otherwise.
/// </param>
/// <param name="NewInputBytes">
/// Bytes of the call's input for one sample when no earlier leaf received that tensor, 0 when one
/// did (a residual block's input feeds both its first conv and its shortcut).
/// </param>
/// <param name="IndexBytes">
/// Bytes for one sample of what the call keeps for backward besides its input: a max pool's
/// int64 index of each output element's source; 0 for other modules.
/// </param>
internal sealed record LeafCall(string Module, bool HasParameters, long InputBytes, long OutputBytes, long FunctionalInputBytes, long NewInputBytes, long IndexBytes = 0);

/// <summary>
/// Runs one sample through blocks 0..stage and the stage's output module with forward hooks on
/// every leaf module, and lists the leaf calls in execution order. TorchSharp hands a hook the
/// very Tensor object the caller passed, so an input that is no earlier leaf's output or input
/// was made by a functional op in between. Shapes are all that matter,
/// so it runs in eval mode (batch-1 BN) under no_grad and restores the model's flags after.
/// </summary>
internal static class ActivationProbe
{
    /// <remarks>
    /// The output module of every stage in <paramref name="exits"/> (ascending, the last one
    /// <paramref name="stage"/>) runs after its block: one exit for a stage, every block's
    /// classifier for a DepthFL sub-model.
    /// </remarks>
    public static IReadOnlyList<LeafCall> Run(StagedModel model, int stage, IReadOnlyList<int> exits)
    {
        var leaves = model.named_modules()
            .Where(pair => !pair.module.children().Any() && OnDevice(pair.name, stage, exits))
            .ToList();
        var calls = new List<LeafCall>();
        var fired = new HashSet<string>(StringComparer.Ordinal);
        var removers = new List<Action>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var inputs = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in leaves)
        {
            if (module is nn.Module<Tensor, Tensor> hookable)
            {
                var hasParameters = module.parameters().Any();
                var keepsIndices = module is TorchSharp.Modules.MaxPool1d or TorchSharp.Modules.MaxPool2d or TorchSharp.Modules.MaxPool3d;
                var remover = hookable.register_forward_hook((_, input, output) =>
                {
                    fired.Add(name);
                    var functional = seen.Add(input) && calls.Count > 0 ? Bytes(input) : 0L;
                    var fresh = inputs.Add(input) ? Bytes(input) : 0L;
                    seen.Add(output);
                    var indices = keepsIndices ? output.numel() * sizeof(long) : 0L;
                    calls.Add(new LeafCall(name, hasParameters, Bytes(input), Bytes(output), functional, fresh, indices));
                    return output;
                });
                removers.Add(remover.remove);
            }
        }

        try
        {
            using var modes = TrainingModeSnapshot.Eval(model);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var shape = model.Description.Input;
            using var sample = zeros(1, shape.Channels, shape.Height, shape.Width, device: model.TorchDevice);
            model.ForwardExits(sample, 0, exits);
        }
        finally
        {
            removers.ForEach(remove => remove());
        }

        // A leaf invoked through forward() instead of call() bypasses hooks; its activations
        // would silently be missing from every estimate.
        var missed = leaves.Where(pair => pair.module.parameters().Any() && !fired.Contains(pair.name)).Select(pair => pair.name).ToList();
        if (missed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Model '{model.Description.Name}' ran leaf modules without forward hooks ({string.Join(", ", missed)}); " +
                "call submodules with module.call(x), not module.forward(x), so their activations can be measured.");
        }

        return calls;
    }

    public static long Bytes(Tensor tensor) => tensor.numel() * tensor.ElementSize;

    /// <summary>Whether a state-dict or module name lies in blocks 0..stage or output module stage.</summary>
    public static bool OnDevice(string name, int stage) => OnDevice(name, stage, [stage]);

    /// <summary>Whether a state-dict or module name lies in blocks 0..stage or the output module of a stage in <paramref name="exits"/>.</summary>
    public static bool OnDevice(string name, int stage, IReadOnlyList<int> exits)
    {
        if (exits.Any(exit => name.StartsWith(StagedModel.OutputPrefix(exit), StringComparison.Ordinal)))
        {
            return true;
        }

        for (var block = 0; block <= stage; block++)
        {
            if (name.StartsWith(StagedModel.BlockPrefix(block), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
