using ScaleFL.Core.Training;

namespace ScaleFL.Core.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class EvaluatorTests
{
    [Fact]
    public void Accuracy_lies_in_unit_range_and_counts_the_capped_samples()
    {
        using var model = TinyData.Model();
        using var test = TinyData.Create(40, seed: 4);

        var capped = Evaluator.Evaluate(model, 1, test, batchSize: 16, maxSamples: 25);
        var all = Evaluator.Evaluate(model, 2, test, batchSize: 16, maxSamples: null);

        Assert.Equal(25, capped.Samples);
        Assert.Equal(40, all.Samples);
        Assert.InRange(capped.Accuracy, 0.0, 1.0);
        Assert.InRange(all.Accuracy, 0.0, 1.0);
        Assert.True(all.Loss > 0);
    }

    [Fact]
    public void Results_do_not_depend_on_the_batch_size()
    {
        using var model = TinyData.Model();
        using var test = TinyData.Create(30, seed: 4);

        var small = Evaluator.Evaluate(model, 2, test, batchSize: 7, maxSamples: null);
        var large = Evaluator.Evaluate(model, 2, test, batchSize: 30, maxSamples: null);

        Assert.Equal(small.Accuracy, large.Accuracy);
        Assert.Equal(small.Loss, large.Loss, 4);
    }
}
