using ScaleFL.Core.Data;

namespace ScaleFL.Core.Models;

/// <summary>
/// The default model ("small-resnet"): a narrow 4-stage ResNet for 28x28 grey images (any
/// channel count and any side of at least <see cref="ResNet.MinimumSide"/> work). Stem
/// conv3x3 to 16 channels, then one BasicBlock per stage at widths 16, 32, 64, 128 and strides
/// 1, 2, 2, 2, with the scaled projection head 128 -> 256 -> 256 -> 128.
/// </summary>
public sealed class SmallResNet : ResNet
{
    /// <summary>Catalog name.</summary>
    public const string ModelName = "small-resnet";

    /// <summary>The layout: one BasicBlock per stage keeps a CPU step at batch 64 on 28x28 cheap.</summary>
    public static ResidualLayout Layout { get; } =
        new(16, [16, 32, 64, 128], [1, 2, 2, 2], [1, 1, 1, 1], ProjectionWidths.Scaled);

    /// <summary>
    /// Builds the model (stand-ins default to <see cref="StandInStyle.Default"/>, width to
    /// <see cref="WidthScaling.Full"/>); weights come from TorchSharp's global generator.
    /// </summary>
    public SmallResNet(ImageShape input, int classCount, StandInStyle? standIns = null, WidthScaling? width = null)
        : base(ModelName, input, classCount, Layout, standIns, width)
    {
    }
}
