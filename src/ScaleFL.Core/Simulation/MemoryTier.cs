namespace ScaleFL.Core.Simulation;

/// <summary>A class of devices with one memory budget.</summary>
/// <param name="Name">Tier name for reports, for example <c>phone-2gb</c>.</param>
/// <param name="MiB">The tier's budget in MiB.</param>
/// <param name="Share">Relative share of clients in this tier; shares need not sum to 1.</param>
public sealed record MemoryTier(string Name, double MiB, double Share);
