namespace ScaleFL.Runtime;

/// <summary>Anchor for the runtime assembly (used to locate embedded configuration).</summary>
public static class RuntimeAssembly
{
    /// <summary>The assembly's simple name.</summary>
    public const string Name = "ScaleFL.Runtime";
}
