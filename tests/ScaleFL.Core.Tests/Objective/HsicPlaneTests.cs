using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.Tests.Memory;
using TorchSharp;
using static TorchSharp.torch;

namespace ScaleFL.Core.Tests.Objective;

[Collection(TorchCollection.Name)]
public sealed class HsicPlaneTests
{
    [Fact]
    public void Features_equal_to_the_input_keep_all_input_information()
    {
        using var generator = new Generator().manual_seed(1);
        using var inputs = randn([8, 2, 3, 3], generator: generator);
        using var labels = arange(8L) % 2;
        using var logits = zeros(8, 2);
        using var projection = zeros(8, 4);
        var outputs = new StageOutputs(inputs, logits, projection);

        var point = HsicPlane.Measure(inputs, labels, outputs, 2, KernelBandwidth.Paper);

        Assert.Equal(2, point.Stage);
        Assert.Equal(1.0, point.InputInformation, 5);
        Assert.InRange(point.LabelInformation, 0.0, 1.0);
    }

    [Fact]
    public void Features_equal_to_the_one_hot_labels_keep_all_label_information()
    {
        using var labels = arange(8L) % 4;
        using var features = Hsic.OneHot(labels, 4);
        using var generator = new Generator().manual_seed(2);
        using var inputs = randn([8, 5], generator: generator);
        using var logits = zeros(8, 4);
        var outputs = new StageOutputs(features, logits, features);

        var point = HsicPlane.Measure(inputs, labels, outputs, 0, KernelBandwidth.MedianHeuristic);

        Assert.Equal(1.0, point.LabelInformation, 5);
    }

    [Fact]
    public void Measuring_a_model_leaves_batch_norm_statistics_and_train_mode_untouched()
    {
        using var model = new ConvProbeModel();
        model.train();
        using var generator = new Generator().manual_seed(3);
        using var inputs = randn([8, 3, 16, 16], generator: generator);
        using var labels = arange(8L) % 4;
        var before = model.state_dict()["blocks.1.1.running_mean"].clone();

        var point = HsicPlane.Measure(model, 1, inputs, labels, KernelBandwidth.Paper);

        Assert.True(model.training);
        Assert.True(model.Block(1).training);
        Assert.True(before.allclose(model.state_dict()["blocks.1.1.running_mean"], rtol: 0, atol: 0));
        Assert.Equal(1, point.Stage);
        Assert.InRange(point.InputInformation, 0.0, 1.0);
    }
}
