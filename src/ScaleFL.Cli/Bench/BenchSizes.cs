namespace ScaleFL.Cli.Bench;

/// <summary>
/// How big each benchmark is. <see cref="Full"/> gives the README figures, <see cref="Quick"/>
/// the same sections in a few minutes, <see cref="Smoke"/> every section in seconds (for the
/// test that keeps the bench runnable; its figures mean nothing).
/// </summary>
internal sealed record BenchSizes
{
    public required string Mode { get; init; }

    // Runtime overhead: a simulation of small-resnet on synthetic 28x28 images.
    public required int OverheadClients { get; init; }

    public required int OverheadPerRound { get; init; }

    public required int OverheadRounds { get; init; }

    public required int OverheadSamplesPerClient { get; init; }

    public required int OverheadBatchSize { get; init; }

    // Timed (plain, actors) pairs after the untimed pass of each side; the median pair is reported.
    public required int OverheadPairs { get; init; }

    // Weight codec: floats in the update (ResNet-18 has about 11.2M).
    public required int CodecFloats { get; init; }

    public required int CodecRepeats { get; init; }

    // Transfer between two processes: message sizes in MB and repeats of each.
    public required int[] TransferMegabytes { get; init; }

    public required int TransferRepeats { get; init; }

    // Peer: step time against PyTorch.
    public required int PeerSteps { get; init; }

    public required int PeerBatchSize { get; init; }

    // Memory: the model whose stages are measured, at which batch.
    public required string MemoryModel { get; init; }

    public required int MemoryBatchSize { get; init; }

    public required int MemorySteps { get; init; }

    // Scale: registered clients, clients per round, rounds.
    public required int ScaleClients { get; init; }

    public required int ScalePerRound { get; init; }

    public required int ScaleRounds { get; init; }

    // Scale-out: the simulation run in one process and over each worker count; its flags besides --rounds.
    public required int[] ScaleOutWorkers { get; init; }

    public required int ScaleOutRounds { get; init; }

    public required string[] ScaleOutExperiment { get; init; }

    // Whether each setup is run again with one step per device for its per-round overhead.
    public bool ScaleOutOverhead { get; init; } = true;

    public static BenchSizes Full { get; } = new()
    {
        Mode = "full",
        OverheadClients = 40, OverheadPerRound = 10, OverheadRounds = 8, OverheadSamplesPerClient = 256, OverheadBatchSize = 64, OverheadPairs = 3,
        CodecFloats = 11_200_000, CodecRepeats = 10,
        TransferMegabytes = [8, 44], TransferRepeats = 9,
        PeerSteps = 20, PeerBatchSize = 64,
        MemoryModel = "resnet18", MemoryBatchSize = 64, MemorySteps = 3,
        ScaleClients = 1000, ScalePerRound = 20, ScaleRounds = 4,
        ScaleOutWorkers = [2, 4], ScaleOutRounds = 4, ScaleOutExperiment = [],
    };

    public static BenchSizes Quick { get; } = new()
    {
        Mode = "quick",
        OverheadClients = 20, OverheadPerRound = 5, OverheadRounds = 4, OverheadSamplesPerClient = 128, OverheadBatchSize = 64, OverheadPairs = 3,
        CodecFloats = 11_200_000, CodecRepeats = 3,
        TransferMegabytes = [8, 44], TransferRepeats = 3,
        PeerSteps = 5, PeerBatchSize = 64,
        MemoryModel = "small-resnet", MemoryBatchSize = 64, MemorySteps = 2,
        ScaleClients = 1000, ScalePerRound = 20, ScaleRounds = 2,
        ScaleOutWorkers = [2], ScaleOutRounds = 2, ScaleOutOverhead = false, ScaleOutExperiment = ["--max-train", "6000", "--eval-samples", "500"],
    };

    public static BenchSizes Smoke { get; } = new()
    {
        Mode = "smoke",
        OverheadClients = 4, OverheadPerRound = 2, OverheadRounds = 2, OverheadSamplesPerClient = 16, OverheadBatchSize = 8, OverheadPairs = 1,
        CodecFloats = 250_000, CodecRepeats = 1,
        TransferMegabytes = [1, 2], TransferRepeats = 1,
        PeerSteps = 1, PeerBatchSize = 2,
        MemoryModel = "small-resnet", MemoryBatchSize = 4, MemorySteps = 1,
        ScaleClients = 100, ScalePerRound = 4, ScaleRounds = 1,
        ScaleOutWorkers = [], ScaleOutRounds = 1, ScaleOutOverhead = false,
        ScaleOutExperiment = ["--dataset", "synthetic", "--max-train", "200", "--clients", "4", "--per-round", "4", "--batch-size", "8", "--eval-samples", "50"],
    };
}
