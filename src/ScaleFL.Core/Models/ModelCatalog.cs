using ScaleFL.Core.Data;
using static TorchSharp.torch;

namespace ScaleFL.Core.Models;

/// <summary>
/// The models ScaleFL can train, by name, each built with weights that depend only on the seed.
/// </summary>
public static class ModelCatalog
{
    /// <summary>The model used when none is named.</summary>
    public const string Default = SmallResNet.ModelName;

    /// <summary>The models a width-scaled method (HeteroFL, FedRolex) can slice.</summary>
    public static IReadOnlyList<string> WidthSliceable { get; } = [SmallResNet.ModelName, ResNet.ResNet18Name, ResNet.ResNet34Name, Vgg11Bn.ModelName];

    // TorchSharp's default generator is process-wide: seeding and initialising under one lock
    // keeps two concurrent Creates from interleaving draws. Code that draws from the global
    // generator without this lock can still disturb a Create running at the same time.
    private static readonly Lock SeedLock = new();

    // The Vision Transformer's stand-ins are token MLPs with their own LayerNorm: the CNN style does not apply.
    private static readonly Dictionary<string, Func<ImageShape, int, StandInStyle, WidthScaling, StagedModel>> Factories = new(StringComparer.Ordinal)
    {
        [SmallResNet.ModelName] = (input, classes, style, width) => new SmallResNet(input, classes, style, width),
        [ResNet.ResNet18Name] = ResNet.ResNet18,
        [ResNet.ResNet34Name] = ResNet.ResNet34,
        [Vgg11Bn.ModelName] = (input, classes, style, width) => new Vgg11Bn(input, classes, style, width),
        [VisionTransformer.ModelName] = (input, classes, _, width) => width == WidthScaling.Full
            ? new VisionTransformer(input, classes)
            : throw new ArgumentException($"Model '{VisionTransformer.ModelName}' cannot be width-sliced: it has no channel-sliceable convolutions; use {string.Join(", ", WidthSliceable)}."),
    };


    /// <summary>Every catalog name, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [SmallResNet.ModelName, ResNet.ResNet18Name, ResNet.ResNet34Name, Vgg11Bn.ModelName, VisionTransformer.ModelName];

    /// <summary>
    /// Builds model <paramref name="name"/> for <paramref name="input"/> images and
    /// <paramref name="classCount"/> classes, CNN stand-ins built as <paramref name="standIns"/>
    /// says (default <see cref="StandInStyle.Default"/>), hidden widths scaled by <paramref name="width"/>
    /// (default <see cref="WidthScaling.Full"/>); the same seed gives the same weights.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The name is not in <see cref="Names"/>, the class count is below 2, or the model cannot
    /// take images of this shape, or a width is asked of a model that cannot be width-sliced.
    /// </exception>
    public static StagedModel Create(string name, ImageShape input, int classCount, int seed, StandInStyle? standIns = null, WidthScaling? width = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(input);
        if (!Factories.TryGetValue(name, out var factory))
        {
            throw new ArgumentException(
                $"Unknown model '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name));
        }

        if (classCount < 2)
        {
            throw new ArgumentException($"Model '{name}' needs at least 2 classes; got {classCount}.", nameof(classCount));
        }

        lock (SeedLock)
        {
            random.manual_seed(seed);
            return factory(input, classCount, standIns ?? StandInStyle.Default, width ?? WidthScaling.Full);
        }
    }

    /// <summary>Builds the model a description names with default stand-ins; see <see cref="Create(string, ImageShape, int, int, StandInStyle?, WidthScaling?)"/>.</summary>
    public static StagedModel Create(ModelDescription description, int seed)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Create(description.Name, description.Input, description.ClassCount, seed, width: description.Width);
    }
}
