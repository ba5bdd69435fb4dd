using ScaleFL.Core.Methods;
using ScaleFL.Core.Weights;

namespace ScaleFL.Core.Checkpoints;

/// <summary>
/// The global model after a round, with what is needed to resume or evaluate it. Every random
/// stream derives from (seed, round, client), so weights, round, schedule history and versions
/// are the whole state a resumed run needs to continue bit for bit.
/// </summary>
/// <param name="Model">Model catalog name the weights belong to.</param>
/// <param name="Method">Method that produced them.</param>
/// <param name="Round">Last completed round (1-based).</param>
/// <param name="Stage">Stage trained in that round (0-based).</param>
/// <param name="Weights">Every parameter and float buffer of the global model.</param>
public sealed record Checkpoint(string Model, string Method, int Round, int Stage, WeightSet Weights)
{
    /// <summary>The schedule's records of rounds 1..<see cref="Round"/>; empty in format-1 files.</summary>
    public IReadOnlyList<RoundRecord> History { get; init; } = [];

    /// <summary>The server's global model version (bumped by every round that changed the weights); 0 in format-1 files.</summary>
    public int ModelVersion { get; init; }

    /// <summary>Each block's version (block name to the model version that last wrote it); empty in format-1 files.</summary>
    public IReadOnlyDictionary<string, int> BlockVersions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The experiment the weights belong to (<c>ExperimentFingerprint.Text</c>), which <c>--resume</c>
    /// checks; empty in files before format 3 and in runs built outside an experiment.
    /// </summary>
    public string Fingerprint { get; init; } = string.Empty;
}
