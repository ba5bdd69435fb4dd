namespace ScaleFL.Runtime.Tests;

/// <summary>Tests that touch TorchSharp run one at a time: libtorch's seed and thread pool are process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
