using ScaleFL.Core.Data;
using ScaleFL.Core.Harmonizer;
using ScaleFL.Core.Models;
using ScaleFL.Core.Objective;
using ScaleFL.Core.SubModels;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Training;

/// <summary>
/// What a device does with one task, in both engines: train the task's trainable set of the
/// (pooled) model, or, when the task names a <see cref="SubModelSpec"/>, build that width-scaled
/// sub-model of the same network and train all of it on the slice it was sent, or train the
/// DepthFL sub-model of its depth (blocks 0..d-1 and their classifiers) of the pooled model.
/// </summary>
public static class DeviceTraining
{
    /// <summary>Runs the task; see <see cref="LocalTrainer.Train"/> for the arguments.</summary>
    public static LocalUpdate Train(
        LocalTrainer trainer,
        StagedModel model,
        WeightSet weights,
        TrainableSet trainable,
        SubModelSpec? subModel,
        IStageObjective objective,
        ClientDataView data,
        TrainingOptions options,
        int seed,
        CancellationToken ct)
    {
        if (subModel is null)
        {
            return trainer.Train(model, weights, trainable, objective, data, options, seed, ct);
        }

        if (subModel.Depth is { } depth)
        {
            // DepthFL: the first d blocks of the (pooled) full model and their classifiers, all trained.
            return trainer.Train(model, weights, DepthSubModel.For(model, depth), objective, data, options, seed, ct);
        }

        using var sub = SubModelFactory.Build(model.Description, subModel.WidthRatio).PlaceOn(model.TorchDevice);
        return trainer.Train(sub, weights, CoAdaptationPlan.FullModel(sub), objective, data, options, seed, ct);
    }
}
