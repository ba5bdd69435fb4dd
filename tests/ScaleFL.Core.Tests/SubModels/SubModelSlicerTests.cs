using ScaleFL.Core.Aggregation;
using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;
using ScaleFL.TestSupport;

namespace ScaleFL.Core.Tests.SubModels;

[Collection(TorchCollection.Name)]
public sealed class SubModelSlicerTests
{
    private static readonly WidthScaling StaticFull = new(1, staticBatchNorm: true);

    [Fact]
    public void A_quarter_width_small_resnet_keeps_image_channels_and_classes_and_scales_every_hidden_width()
    {
        using var global = ModelCatalog.Create(SmallResNet.ModelName, new ImageShape(1, 28, 28), 10, seed: 1, width: StaticFull);
        using var sub = SubModelFactory.Build(global.Description, 0.25);

        var slice = SubModelSlicer.Extract(ModuleWeights.Extract(global), ModuleWeights.Extract(sub), WidthSlicing.Prefix, 1);

        // Stem 16 -> 4 channels from 1 grey channel; the classifier maps 128/4 = 32 features to 10 classes.
        Assert.Equal([4L, 1, 3, 3], slice["blocks.0.stem.0.weight"].Shape);
        Assert.Equal([8L, 4, 3, 3], slice["blocks.1.layer.0.conv1.weight"].Shape);
        Assert.Equal([10L, 32], slice["outputs.3.classifier.weight"].Shape);
        Assert.Equal([10L], slice["outputs.3.classifier.bias"].Shape);
        Assert.DoesNotContain(slice.Names, name => name.Contains("running_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("small-resnet", 0.0625)]
    [InlineData("resnet18", 0.0625)]
    [InlineData("resnet34", 0.125)]
    [InlineData("vgg11-bn", 0.5)]
    public void Every_sliceable_model_yields_a_slice_its_sub_model_loads(string name, double ratio)
    {
        using var global = ModelCatalog.Create(name, new ImageShape(3, 16, 16), 10, seed: 1, width: StaticFull);
        using var sub = SubModelFactory.Build(global.Description, ratio);
        var layout = ModuleWeights.Extract(sub);

        var slice = SubModelSlicer.Extract(ModuleWeights.Extract(global), layout, WidthSlicing.Rolling, 5);

        Assert.Equal(layout.Names, slice.Names);
        Assert.All(layout, array => Assert.Equal(array.Shape, slice[array.Name].Shape));
        ModuleWeights.Load(sub, slice);
        using var logits = sub.forward(TorchSharp.torch.randn(2, 3, 16, 16));
        Assert.Equal([2L, 10], logits.shape);
    }

    [Fact]
    public void A_model_that_cannot_be_width_sliced_is_refused_in_one_line()
    {
        var error = Assert.Throws<ArgumentException>(() => SubModelFactory.RequireSliceable(VisionTransformer.ModelName));

        Assert.Contains("'vit-tiny' cannot be width-sliced", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Training_a_half_width_sub_model_changes_only_its_slice_of_the_global_model()
    {
        using var data = TinyData.Create(64, seed: 3);
        using var global = ModelCatalog.Create(SmallResNet.ModelName, TinyData.Shape, TinyData.Classes, seed: 1, width: StaticFull);
        var weights = ModuleWeights.Extract(global);
        using var sub = SubModelFactory.Build(global.Description, 0.5);
        var spec = new SubModelSpec(0.5, WidthSlicing.Rolling);
        var sent = SubModelSlicer.Extract(weights, ModuleWeights.Extract(sub), spec.Slicing, 3);

        var update = DeviceTraining.Train(
            new LocalTrainer(), global, sent, CoAdaptationPlan.FullModel(global), spec, new CrossEntropyObjective(),
            new ClientDataView(data, Enumerable.Range(0, 64).ToArray()), new TrainingOptions { LearningRate = 0.1, BatchSize = 16 }, 7, CancellationToken.None);
        var merged = weights.With(new PerElementFedAvg(spec.Slicing).Aggregate(3, weights, [new ClientResult(0, update.Weights, 64, 0)], [])!);

        var stem = weights["blocks.0.stem.0.weight"];
        var inside = SubModelSlicer.Positions(stem.Shape, update.Weights[stem.Name].Shape, spec.Slicing, 3).ToHashSet();
        var changed = Enumerable.Range(0, stem.Values.Length).Where(i => merged[stem.Name].Values[i] != stem.Values[i]).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.Contains(i, inside));
        // Round 3 rolls the 8-of-16 window to channels 2..9: channel 0 is outside it.
        Assert.Equal(stem.Values[..9], merged[stem.Name].Values[..9]);
    }
}
