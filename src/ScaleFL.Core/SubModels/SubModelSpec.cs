namespace ScaleFL.Core.SubModels;

/// <summary>
/// The width-scaled sub-model a device trains in one round, decided by the server and sent with
/// the task (HeteroFL / FedRolex): the device builds the model at <paramref name="WidthRatio"/>
/// with static BatchNorm and trains all of it on the sliced weights it was sent.
/// </summary>
/// <param name="WidthRatio">One of <see cref="WidthLadder.Ratios"/>.</param>
/// <param name="Slicing">Which channels the slice holds (prefix or the round's rolling window).</param>
public sealed record SubModelSpec(double WidthRatio, WidthSlicing Slicing);
