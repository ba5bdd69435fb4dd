using ScaleFL.Core.Data;
using ScaleFL.Core.Models;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelCatalogTests
{
    private static readonly ImageShape Mnist = new(1, 28, 28);

    [Fact]
    public void Catalog_lists_the_default_first_and_every_model()
    {
        Assert.Equal(["small-resnet", "resnet18", "resnet34", "vgg11-bn", "vit-tiny"], ModelCatalog.Names);
        Assert.Equal("small-resnet", ModelCatalog.Default);
    }

    [Fact]
    public void Unknown_name_is_rejected_with_the_allowed_names()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Create("resnet50", Mnist, 10, seed: 1));

        Assert.Contains("resnet50", error.Message, StringComparison.Ordinal);
        Assert.Contains("small-resnet, resnet18, resnet34, vgg11-bn, vit-tiny", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("small-resnet", 7)]
    [InlineData("resnet18", 7)]
    [InlineData("vgg11-bn", 15)]
    [InlineData("vit-tiny", 7)]
    public void Images_below_the_model_minimum_are_rejected_naming_model_and_shape(string name, int side)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Create(name, new ImageShape(1, side, side), 10, seed: 1));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains($"1x{side}x{side}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_class_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ModelCatalog.Create(ModelCatalog.Default, Mnist, 1, seed: 1));
    }

    [Theory]
    [InlineData("small-resnet")]
    [InlineData("vit-tiny")]
    public void Same_seed_gives_identical_weights(string name)
    {
        using var first = ModelCatalog.Create(name, Mnist, 10, seed: 42);
        using var second = ModelCatalog.Create(name, Mnist, 10, seed: 42);

        var a = ModuleWeights.Extract(first);
        var b = ModuleWeights.Extract(second);

        Assert.Equal(a.Names, b.Names);
        Assert.All(a, array => Assert.Equal(array.Values, b[array.Name].Values));
    }

    [Theory]
    [InlineData("small-resnet")]
    [InlineData("vit-tiny")]
    public void Different_seeds_give_different_weights(string name)
    {
        using var first = ModelCatalog.Create(name, Mnist, 10, seed: 42);
        using var second = ModelCatalog.Create(name, Mnist, 10, seed: 43);

        var a = ModuleWeights.Extract(first);
        var b = ModuleWeights.Extract(second);

        // Every weight matrix and kernel is drawn at random; biases and BN statistics may start equal.
        Assert.All(a.Where(array => array.Shape.Length > 1), array =>
            Assert.False(array.Values.AsSpan().SequenceEqual(b[array.Name].Values), array.Name));
    }

    [Fact]
    public void Created_model_carries_its_description()
    {
        var description = new ModelDescription("vgg11-bn", new ImageShape(3, 32, 32), 100);

        using var model = ModelCatalog.Create(description, seed: 1);

        Assert.IsType<Vgg11Bn>(model);
        Assert.Equal(description, model.Description);
    }
}
