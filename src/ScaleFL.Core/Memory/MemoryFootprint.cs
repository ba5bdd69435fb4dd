namespace ScaleFL.Core.Memory;

/// <summary>
/// Training memory of one stage (or the full model) on one client, in bytes.
/// </summary>
/// <param name="WeightBytes">Weights and floating-point buffers present on the device: the frozen prefix, the trained part and its output module.</param>
/// <param name="GradientBytes">Gradients of the trainable parameters.</param>
/// <param name="OptimizerStateBytes">Optimizer state of the trainable parameters (momentum, Adam moments) plus the temporaries of one optimizer step.</param>
/// <param name="ActivationBytes">Activations autograd keeps for the backward pass, outputs of functional ops (ReLU, residual add) included.</param>
/// <param name="TransientBytes">Largest short-lived buffer of the frozen prefix's forward pass (input plus output of one layer).</param>
/// <param name="BackwardBytes">Gradients of activations alive at once during the backward pass.</param>
/// <param name="FrameworkBytes">What the first training step of a process costs whatever the model (autograd engine, kernel caches), measured once per process.</param>
public sealed record MemoryFootprint(
    long WeightBytes,
    long GradientBytes,
    long OptimizerStateBytes,
    long ActivationBytes,
    long TransientBytes,
    long BackwardBytes = 0,
    long FrameworkBytes = 0)
{
    /// <summary>Sum of all parts.</summary>
    public long TotalBytes => WeightBytes + GradientBytes + OptimizerStateBytes + ActivationBytes + TransientBytes + BackwardBytes + FrameworkBytes;

    /// <summary>Total in MiB, for tables.</summary>
    public double TotalMiB => TotalBytes / (1024.0 * 1024.0);
}
