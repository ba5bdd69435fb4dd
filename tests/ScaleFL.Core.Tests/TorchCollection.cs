namespace ScaleFL.Core.Tests;

/// <summary>
/// TorchSharp tests share one sequential collection: libtorch's global seed and thread pool are
/// process-wide, and two cores are better used by one test at a time than by several fighting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    /// <summary>Name to put in <c>[Collection(TorchCollection.Name)]</c>.</summary>
    public const string Name = "torch";
}
