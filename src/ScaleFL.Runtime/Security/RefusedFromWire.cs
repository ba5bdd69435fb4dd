namespace ScaleFL.Runtime.Security;

/// <summary>
/// What a local-only message (subscription, run control, results) reads as when its bytes arrive
/// from another node: the receiving actor drops it, counts it and logs the sender. Never sent;
/// created only by the protocol serializers.
/// </summary>
/// <param name="MessageType">The record the bytes claimed to be, for the log.</param>
public sealed record RefusedFromWire(string MessageType);
