using ScaleFL.Core.Data;

namespace ScaleFL.TestSupport;

/// <summary>Small synthetic 8x8 grey images over four classes, the tiny model's input.</summary>
public static class TinyData
{
    public static ImageShape Shape { get; } = new(1, 8, 8);

    public const int Classes = 4;

    public static ImageDataset Create(int count, int seed) => SyntheticDataset.Create(count, Shape, Classes, seed, noise: 1.0f);

    public static TinyStagedModel Model(int seed = 1) => TinyStagedModel.Create(Shape, Classes, seed);

    /// <summary>The tiny model with wide stages: a stage-1 task of about 1 MB, for transport tests.</summary>
    public static TinyStagedModel WideModel(int seed = 1) => TinyStagedModel.Create(Shape, Classes, seed, [64, 128, 128]);
}
