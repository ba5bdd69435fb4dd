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
    /// <summary>
    /// The peak a device measured of one real training step of this stage (its process's resident
    /// memory above what it held before building the model), when it did; it then replaces the sum
    /// of the estimated parts in <see cref="TotalBytes"/>. Null for an estimate.
    /// </summary>
    public long? MeasuredBytes { get; init; }

    /// <summary>The measured peak when there is one, else the sum of all estimated parts.</summary>
    public long TotalBytes => MeasuredBytes ?? WeightBytes + GradientBytes + OptimizerStateBytes + ActivationBytes + TransientBytes + BackwardBytes + FrameworkBytes;

    /// <summary>Total in MiB, for tables.</summary>
    public double TotalMiB => TotalBytes / (1024.0 * 1024.0);
}
