using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Models;

namespace ScaleFL.Core.Weights;

/// <summary>
/// Loads the weights a run starts from (<see cref="ExperimentOptions.InitWeights"/>): a
/// safetensors file or a ScaleFL checkpoint, told apart by the checkpoint's magic tag. The file
/// must hold exactly the model's float tensors, by name and shape.
/// </summary>
public static class InitialWeights
{
    private static readonly byte[] CheckpointMagic = "SFLCKPT1"u8.ToArray();

    /// <summary>
    /// Reads <paramref name="path"/> and checks it against <paramref name="model"/>; throws an
    /// <see cref="ExperimentException"/> naming the file and the first tensor that is missing,
    /// unknown or of another shape.
    /// </summary>
    public static WeightSet Read(string path, StagedModel model)
    {
        WeightSet weights;
        var checkpoint = IsCheckpoint(path);
        try
        {
            weights = checkpoint ? CheckpointFile.Load(path).Weights : SafetensorsFile.Read(path).Weights;
        }
        catch (InvalidDataException error)
        {
            // A file without the checkpoint tag is read as safetensors; say both were tried, or a broken .ckpt reads like a safetensors problem.
            throw new ExperimentException(
                checkpoint ? $"initWeights: {error.Message}" : $"initWeights: '{path}' is neither a ScaleFL checkpoint (no SFLCKPT1 tag) nor a valid safetensors file: {error.Message}", error);
        }

        var expected = ModuleWeights.Extract(model);
        foreach (var array in expected)
        {
            if (!weights.TryGet(array.Name, out var given))
            {
                throw new ExperimentException($"initWeights: '{path}' has no tensor '{array.Name}' of the model (names are blocks.k.* and outputs.k.*).");
            }

            if (!given.HasSameLayoutAs(array))
            {
                throw new ExperimentException(
                    $"initWeights: tensor '{array.Name}' in '{path}' has shape [{string.Join(",", given.Shape)}], the model has [{string.Join(",", array.Shape)}].");
            }
        }

        var unknown = weights.Names.FirstOrDefault(name => !expected.Contains(name));
        if (unknown is not null)
        {
            throw new ExperimentException($"initWeights: '{path}' has tensor '{unknown}', which the model does not have.");
        }

        return weights;
    }

    private static bool IsCheckpoint(string path)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentException($"initWeights: '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        var head = new byte[CheckpointMagic.Length];
        return stream.Read(head) == head.Length && head.AsSpan().SequenceEqual(CheckpointMagic);
    }
}
