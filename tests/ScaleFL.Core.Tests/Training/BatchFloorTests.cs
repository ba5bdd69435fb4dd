using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Training;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class BatchFloorTests
{
    private static readonly ImageShape MnistShape = new(1, 28, 28);

    [Fact]
    public void A_batch_of_one_through_vgg_batchnorm_at_one_by_one_no_longer_poisons_the_running_variance()
    {
        // 3 samples in batches of 2 leave a last batch of 1, which reaches VGG-11's 1x1 feature map.
        using var model = ModelCatalog.Create("vgg11-bn", MnistShape, 10, seed: 1);
        using var data = SyntheticDataset.Create(3, MnistShape, 10, seed: 2);
        var trainable = CoAdaptationPlan.FullModel(model);

        var update = new LocalTrainer().Train(
            model, ModuleWeights.Extract(model), trainable, new CrossEntropyObjective(),
            new ClientDataView(data, [0, 1, 2]), new TrainingOptions { BatchSize = 2 }, seed: 3, CancellationToken.None);

        Assert.All(update.Weights, array => Assert.All(array.Values, value => Assert.True(float.IsFinite(value), $"{array.Name} holds {value}")));
        Assert.Equal(1, update.Steps);
    }

    [Fact]
    public void Vgg_needs_two_samples_where_its_batchnorm_sees_one_position()
    {
        using var model = ModelCatalog.Create("vgg11-bn", MnistShape, 10, seed: 1);

        Assert.Equal(2, BatchFloor.Of(model, CoAdaptationPlan.FullModel(model), MnistShape));
        Assert.Equal(1, BatchFloor.Of(model, CoAdaptationPlan.ForStage(model, 0, coAdapt: false), MnistShape));
    }

    [Fact]
    public void The_default_model_on_28_by_28_images_keeps_every_batch_as_it_is()
    {
        using var model = ModelCatalog.Create(ModelCatalog.Default, MnistShape, 10, seed: 1);

        for (var stage = 0; stage < model.StageCount; stage++)
        {
            Assert.Equal(1, BatchFloor.Of(model, CoAdaptationPlan.ForStage(model, stage, coAdapt: true), MnistShape));
            Assert.Equal(1, BatchFloor.Of(model, CoAdaptationPlan.ForStage(model, stage, coAdapt: false), MnistShape));
        }

        Assert.Equal(1, BatchFloor.Of(model, CoAdaptationPlan.FullModel(model), MnistShape));
    }

    [Fact]
    public void A_last_batch_below_the_floor_joins_the_one_before()
    {
        int[][] batches = [[1, 2], [3, 4], [5]];

        Assert.Equal([[1, 2], [3, 4, 5]], BatchFloor.Apply(batches, 2));
        Assert.Equal(batches, BatchFloor.Apply(batches, 1));
    }

    [Fact]
    public void A_single_sample_below_the_floor_is_not_trained_on()
    {
        Assert.Empty(BatchFloor.Apply([[7]], 2));
    }
}
