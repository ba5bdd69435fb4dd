using System.Globalization;
using ScaleFL.Core.Checkpoints;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Files;
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
        var weights = ReadFile(path);
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

    /// <summary>
    /// The tensors of <paramref name="path"/>, a ScaleFL checkpoint or a safetensors file, without
    /// checking them against a model: what a run checks before its data loads. Throws an
    /// <see cref="ExperimentException"/> naming the file when it is missing, not a regular file,
    /// or neither format, and naming the tensor and element when a value is NaN or infinite (the
    /// aggregation keeps the global model finite by refusing non-finite updates, so a run from such
    /// weights would reject every update and could not write its results).
    /// </summary>
    public static WeightSet ReadFile(string path)
    {
        var checkpoint = IsCheckpoint(path);
        WeightSet weights;
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

        foreach (var array in weights)
        {
            var index = Array.FindIndex(array.Values, value => !float.IsFinite(value));
            if (index >= 0)
            {
                throw new ExperimentException(
                    $"initWeights: tensor '{array.Name}' in '{path}' holds {array.Values[index].ToString(CultureInfo.InvariantCulture)} (element {index}); a run starts only from finite weights.");
            }
        }

        return weights;
    }

    private static bool IsCheckpoint(string path)
    {
        // Checked first: opening a named pipe would wait for a writer, forever.
        InputFile.CheckRegular(path, "initWeights:");
        using var stream = File.OpenRead(path);
        var head = new byte[CheckpointMagic.Length];
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.AsSpan().SequenceEqual(CheckpointMagic);
    }
}
