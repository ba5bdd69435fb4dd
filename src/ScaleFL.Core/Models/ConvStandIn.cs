namespace ScaleFL.Core.Models;

/// <summary>
/// Shape of the light convolution that stands in for one untrained later CNN stage: a 3x3
/// convolution (padding 1) from the stage's input width to its output width, with the stride of
/// the stage's own downsampling so the stand-in's map matches the real stage's.
/// </summary>
/// <param name="InChannels">The real stage's input width.</param>
/// <param name="OutChannels">The real stage's output width.</param>
/// <param name="Stride">1 or 2: how much the real stage downsamples.</param>
public sealed record ConvStandIn(int InChannels, int OutChannels, int Stride);
