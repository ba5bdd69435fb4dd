using ScaleFL.Core.Data;
using ScaleFL.Core.Models;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The input each model is sized for when no dataset is named: 28x28 greyscale (Fashion-MNIST)
/// for the small models, 32x32 colour (CIFAR) for the ResNets and VGG.
/// </summary>
internal static class ModelInputs
{
    public const int ClassCount = 10;

    public static ImageShape DefaultFor(string model) => model switch
    {
        "small-resnet" or "vit-tiny" => new ImageShape(1, 28, 28),
        _ => new ImageShape(3, 32, 32),
    };

    public static StagedModel Create(string model, int seed = 0) =>
        ModelCatalog.Create(model, DefaultFor(model), ClassCount, seed);
}
