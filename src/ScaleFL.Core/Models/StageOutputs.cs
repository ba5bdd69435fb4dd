using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// What an output module produces for a batch: the feature map Z before pooling (the
/// mentor's nHSIC(Z, X) term), the class logits, and the projection P (the nHSIC(P, Y) term).
/// </summary>
/// <param name="Features">Z: the feature map after the stand-ins, before pooling, [B, ...].</param>
/// <param name="Logits">Class scores [B, classes].</param>
/// <param name="Projection">P: the projection head's output [B, projection width].</param>
public sealed record StageOutputs(Tensor Features, Tensor Logits, Tensor Projection);
