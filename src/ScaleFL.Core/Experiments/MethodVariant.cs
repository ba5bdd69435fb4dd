using ScaleFL.Core.Methods;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// A method name as runs and <c>compare</c> rows spell it: a <see cref="MethodCatalog"/> name,
/// optionally with <see cref="ElasticSuffix"/> (<c>scalefl+elastic</c>), which runs that method
/// with memory-elastic batches whatever the <c>microBatches</c> field says.
/// </summary>
public static class MethodVariant
{
    /// <summary>The suffix that turns elastic batches on for one method.</summary>
    public const string ElasticSuffix = "+elastic";

    /// <summary>The catalog name and whether the variant asks for elastic batches.</summary>
    public static (string Method, bool Elastic) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(ElasticSuffix, StringComparison.Ordinal) ? (name[..^ElasticSuffix.Length], true) : (name, false);
    }
}
