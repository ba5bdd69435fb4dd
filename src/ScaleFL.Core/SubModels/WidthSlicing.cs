namespace ScaleFL.Core.SubModels;

/// <summary>Which channels of a hidden dimension a width-scaled sub-model holds.</summary>
public enum WidthSlicing
{
    /// <summary>HeteroFL (Diao et al., ICLR 2021): the first ceil(n x ratio) channels, every round.</summary>
    Prefix,

    /// <summary>
    /// FedRolex (Alam et al., NeurIPS 2022): a window of ceil(n x ratio) consecutive channels whose
    /// start advances by one index per round and wraps, so small devices train every channel in turn.
    /// </summary>
    Rolling,
}
