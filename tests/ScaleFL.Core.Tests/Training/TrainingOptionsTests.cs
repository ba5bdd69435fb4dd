using ScaleFL.Core.Training;

namespace ScaleFL.Core.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Defaults_follow_the_released_code_except_for_local_epochs()
    {
        var options = new TrainingOptions().Validate();

        Assert.Equal(0.01, options.LearningRate);
        Assert.Equal(0.9, options.Momentum);
        Assert.Equal(5e-4, options.WeightDecay);
        Assert.Equal(1, options.LocalEpochs);
        Assert.Equal(64, options.BatchSize);
        Assert.Null(options.MaxBatchesPerEpoch);
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.LearningRate), "greater than 0")]
    [InlineData(nameof(TrainingOptions.Momentum), "0 to below 1")]
    [InlineData(nameof(TrainingOptions.LocalEpochs), "1 to 1000")]
    [InlineData(nameof(TrainingOptions.BatchSize), "1 to 65536")]
    [InlineData(nameof(TrainingOptions.MaxBatchesPerEpoch), "null or at least 1")]
    public void Validation_names_the_field_and_its_allowed_range(string field, string allowed)
    {
        var options = field switch
        {
            nameof(TrainingOptions.LearningRate) => new TrainingOptions { LearningRate = 0 },
            nameof(TrainingOptions.Momentum) => new TrainingOptions { Momentum = 1.0 },
            nameof(TrainingOptions.LocalEpochs) => new TrainingOptions { LocalEpochs = 0 },
            nameof(TrainingOptions.BatchSize) => new TrainingOptions { BatchSize = 0 },
            _ => new TrainingOptions { MaxBatchesPerEpoch = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal(field, error.ParamName);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }
}
