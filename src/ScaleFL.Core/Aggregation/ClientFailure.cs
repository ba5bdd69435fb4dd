namespace ScaleFL.Core.Aggregation;

/// <summary>A client selected for a round that returned nothing.</summary>
/// <param name="ClientId">The client.</param>
/// <param name="Reason">Why, for logs: dropped out, timed out, failed.</param>
public sealed record ClientFailure(int ClientId, string Reason);
