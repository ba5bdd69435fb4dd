using ScaleFL.Core.Training;

namespace ScaleFL.Core.Tests.Simulation;

/// <summary>The tiny federation with two local epochs per round, for the in-process driver tests.</summary>
public sealed class DriverFixture() : TinyFederation(new TrainingOptions { LearningRate = 0.05, BatchSize = 16, LocalEpochs = 2 });
