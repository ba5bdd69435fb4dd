using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

public sealed class DeviceAdmissionTests
{
    private static readonly ExperimentSpec Experiment =
        ExperimentSpec.Of(new ExperimentOptions { Model = "small-resnet", Dataset = "fashion-mnist" }, new ImageShape(1, 28, 28), 10);

    private static DeviceFacts Fitting => new(new ImageShape(1, 28, 28), 10, Experiment.Fingerprint, ["small-resnet", "resnet18"]);

    [Fact]
    public void Device_with_the_experiments_data_and_fingerprint_is_admitted()
    {
        Assert.Null(DeviceAdmission.Refusal(Experiment, Fitting));
    }

    [Fact]
    public void Device_with_data_of_another_shape_is_refused_with_both_shapes()
    {
        var refusal = DeviceAdmission.Refusal(Experiment, Fitting with { InputShape = new ImageShape(3, 32, 32) });

        Assert.Equal("input shape: the server's model takes 1x28x28; this device's data is 3x32x32", refusal);
    }

    [Fact]
    public void Device_with_another_class_count_is_refused_with_both_counts()
    {
        var refusal = DeviceAdmission.Refusal(Experiment, Fitting with { ClassCount = 100 });

        Assert.Equal("class count: the server's model has 10 classes; this device's data has 100", refusal);
    }

    [Fact]
    public void Device_that_cannot_build_the_model_is_refused_naming_the_model_and_what_it_can_build()
    {
        var refusal = DeviceAdmission.Refusal(Experiment, Fitting with { Models = ["vgg11-bn"] });

        Assert.Equal("model: the server trains 'small-resnet'; this device can build vgg11-bn", refusal);
    }

    [Fact]
    public void Device_set_up_for_another_experiment_is_refused_with_both_fingerprints()
    {
        var refusal = DeviceAdmission.Refusal(Experiment, Fitting with { Fingerprint = "0000000000000000" });

        Assert.Equal($"experiment: this device was set up for experiment 0000000000000000; the server runs {Experiment.Fingerprint}", refusal);
    }

    [Fact]
    public void Fingerprint_changes_with_every_setting_the_server_owns_and_not_with_device_settings()
    {
        var options = new ExperimentOptions();
        var shape = new ImageShape(1, 28, 28);
        var fingerprint = ExperimentSpec.FingerprintOf(options, shape, 10);

        Assert.Equal(fingerprint, ExperimentSpec.FingerprintOf(options with { DataPath = "/elsewhere", Quiet = true }, shape, 10));
        Assert.All(
            new[]
            {
                options with { LearningRate = 0.02 }, options with { LocalEpochs = 2 }, options with { BatchSize = 32 },
                options with { Lambda1 = [0.1, 0.1, 0.1, 0.1] }, options with { Seed = 1 }, options with { Partition = "iid" },
                options with { Method = "sbt" }, options with { MaxTrainSamples = 100 },
            },
            changed => Assert.NotEqual(fingerprint, ExperimentSpec.FingerprintOf(changed, shape, 10)));
    }
}
