using ScaleFL.Core.Training;
using ScaleFL.Runtime.Serialization;

namespace ScaleFL.Runtime.Tests.TestModels;

/// <summary>The tiny federation with short local training, for the actor tests.</summary>
public sealed class RuntimeFixture() : TinyFederation(Training)
{
    /// <summary>Actor system configuration: the runtime's serializers and the transport.</summary>
    public static Akka.Configuration.Config Config => RuntimeConfig.Local;

    public static TrainingOptions Training { get; } = new() { LearningRate = 0.05, BatchSize = 16, LocalEpochs = 1, MaxBatchesPerEpoch = 2 };
}
