namespace ScaleFL.Core.Memory;

/// <summary>The local optimizer, which decides how much state each trainable parameter carries.</summary>
public enum OptimizerKind
{
    /// <summary>Plain SGD: no state.</summary>
    Sgd,

    /// <summary>SGD with momentum: one buffer per parameter.</summary>
    SgdMomentum,

    /// <summary>Adam: two buffers per parameter.</summary>
    Adam,
}
