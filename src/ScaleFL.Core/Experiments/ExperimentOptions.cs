using System.Text.Json.Serialization;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// Everything that defines one federated run. Every field has a documented default; an
/// experiment file (JSON) sets any subset, and command-line flags override it. Call
/// <c>ExperimentValidator.Validate</c> before use: it names the field and the allowed values of the first
/// problem it finds.
/// </summary>
public sealed record ExperimentOptions
{
    /// <summary>Run name, used for the output folder <c>runs/&lt;name&gt;</c>. Default: derived from method, dataset and seed.</summary>
    public string? Name { get; init; }

    /// <summary>Dataset: fashion-mnist (default), mnist, cifar10, cifar100 or synthetic.</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>Directory holding the dataset files; default: searched (see DatasetLocator).</summary>
    public string? DataPath { get; init; }

    /// <summary>Model from the catalog; default small-resnet.</summary>
    public string Model { get; init; } = "small-resnet";

    /// <summary>Method to run: scalefl (default), sbt, scalefl-no-mentor, scalefl-no-harmonizer, fedavg-exclusive, fedavg-all, heterofl, fedrolex, depthfl.</summary>
    public string Method { get; init; } = "scalefl";

    /// <summary>Number of simulated clients. Default 100.</summary>
    public int Clients { get; init; } = 100;

    /// <summary>Clients sampled per round among those eligible. Default 10 (the released code's value).</summary>
    public int PerRound { get; init; } = 10;

    /// <summary>Communication rounds. Default 40.</summary>
    public int Rounds { get; init; } = 40;

    /// <summary>Seed for data partitioning, budgets, sampling, weight init and batch order. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How data is split among clients: iid, dirichlet:ALPHA (default dirichlet:0.5) or shards:K.</summary>
    public string Partition { get; init; } = "dirichlet:0.5";

    /// <summary>
    /// Client memory budgets: <c>relative:LO-HI</c> (uniform between LO and HI times the full
    /// model's training footprint; default relative:0.12-1.07, the paper's 100..900 MB against an
    /// 840 MB ResNet-18), <c>uniform:LO-HI</c> in MB, or <c>tiers:NAME=MB@SHARE,...</c>.
    /// </summary>
    public string Budgets { get; init; } = "relative:0.12-1.07";

    /// <summary>Stage schedule: sequential (default; rounds split evenly over the blocks) or cyclic.</summary>
    public string Schedule { get; init; } = "sequential";

    /// <summary>Sequential schedule: advance early when accuracy has not improved for this many rounds (0 = never). Default 0.</summary>
    public int PlateauPatience { get; init; }

    /// <summary>Curriculum weight of nHSIC(Z, X) per block; default 0.5 down to 0.05.</summary>
    public double[]? Lambda1 { get; init; }

    /// <summary>Curriculum weight of nHSIC(P, Y) per block; default 0.05 up to 0.5.</summary>
    public double[]? Lambda2 { get; init; }

    /// <summary>
    /// Width rule of the Curriculum Mentor's Gaussian kernels: <c>paper</c> (sigma 5 scaled by the
    /// feature dimension, PAPER.md) or <c>median</c> (the median heuristic). Default chosen by the
    /// sweep in README "Method choices".
    /// </summary>
    public string HsicBandwidth { get; init; } = DefaultHsicBandwidth;

    /// <summary>
    /// How CNN output modules build their stand-in convolutions: <c>[bn-][he-]relu</c> or
    /// <c>[bn-][he-]linear</c> (see <see cref="Models.StandInStyle"/>). Default <c>he-relu</c>,
    /// chosen by the ablation in README "Method choices"; <c>relu</c> is the earlier default-init
    /// conv + ReLU. Server and clients of a cluster must use the same value.
    /// </summary>
    public string StandIns { get; init; } = Models.StandInStyle.Default.ToString();

    /// <summary>
    /// Learning-rate multiplier of the stage's output module (block-wise methods). Default 1
    /// (the paper's single rate). Allowed: greater than 0 and at most 100.
    /// </summary>
    public double OutputLrScale { get; init; } = 1;

    /// <summary>Local mini-batch size. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Memory-elastic batches: <c>off</c> (default) or <c>auto</c>, where a device whose budget is
    /// below a stage's footprint at <see cref="BatchSize"/> but covers it at a micro-batch of half,
    /// a quarter, ... of the batch (down to 8 samples) takes part and accumulates the gradients of
    /// the micro-batches into one optimizer step per batch (<see cref="Training.MicroBatches"/>).
    /// A method named <c>NAME+elastic</c> turns it on for that method alone.
    /// </summary>
    public string MicroBatches { get; init; } = "off";

    /// <summary>Local epochs per round. Default 1 (the paper's code uses 5; raise it on a bigger machine).</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>SGD learning rate. Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD weight decay. Default 5e-4.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Use only this many training samples (seeded subset); default all.</summary>
    public int? MaxTrainSamples { get; init; }

    /// <summary>Test samples used by the per-round evaluation (the final evaluation uses all). Default 2000.</summary>
    public int EvalSamples { get; init; } = 2000;

    /// <summary>How the simulation runs: <c>actors</c> (default; client, server, mentor and harmonizer actors on one ActorSystem) or <c>inline</c> (the plain in-process driver, no actors).</summary>
    public string Engine { get; init; } = "actors";

    /// <summary>Fraction of extra clients asked each round beyond <see cref="PerRound"/>, so stragglers and dropouts do not shrink the round. Default 0.</summary>
    public double OverCommit { get; init; }

    /// <summary>Round deadline in simulated seconds; later updates are discarded and counted as late. Default 3600.</summary>
    public double DeadlineSeconds { get; init; } = 3600;

    /// <summary>Simulated seconds one optimizer step takes on a device of speed 1; makes lateness reproducible. Default 0.05.</summary>
    public double SecondsPerStep { get; init; } = 0.05;

    /// <summary>Share of clients that are stragglers (0..1). Default 0.</summary>
    public double StragglerShare { get; init; }

    /// <summary>How many times slower a straggler is (at least 1). Default 4.</summary>
    public double StragglerSlowdown { get; init; } = 4;

    /// <summary>Chance that a selected client drops out of a round (0..1). Default 0.</summary>
    public double Dropout { get; init; }

    /// <summary>Clients keep the frozen blocks they hold between rounds and are sent only what changed. Default true.</summary>
    public bool CacheBlocks { get; init; } = true;

    /// <summary>
    /// After every round, measure each trained block's point in the nHSIC plane (nHSIC(X;Z),
    /// nHSIC(Y;Z)) on a fixed seeded batch of 256 test samples, as in the paper's Figure 3.
    /// Default false; <c>scalefl compare</c> turns it on.
    /// </summary>
    public bool RecordHsicPlane { get; init; }

    /// <summary>
    /// Initial weights instead of the seeded initialization: a <c>.safetensors</c> file or a
    /// ScaleFL checkpoint holding every tensor of the model under its own name. Default none.
    /// </summary>
    public string? InitWeights { get; init; }

    /// <summary>
    /// A fault plan (JSON, see docs/faults.md) injected into the actor simulation, or on a
    /// <c>scalefl server</c> into the client processes it names: crashes, delays, drops,
    /// duplicates, partitions, stragglers, shrinking budgets. Default none.
    /// </summary>
    public string? FaultsFile { get; init; }

    /// <summary>
    /// Largest L2 norm of a client update's change to the weights it was sent; larger updates are
    /// rejected and counted (metrics.csv <c>rejected</c>). Default 1e4, far above honest rounds.
    /// </summary>
    public double MaxUpdateNorm { get; init; } = Core.Aggregation.UpdateValidator.DefaultMaxUpdateNorm;

    /// <summary>
    /// How the round's client results become the new weights, composed into every method:
    /// fedavg (sample-weighted, default), mean, median (coordinate-wise) or trimmed-mean:0.1
    /// (see <see cref="Core.Aggregation.AggregationCatalog"/>).
    /// </summary>
    public string Aggregation { get; init; } = "fedavg";

    /// <summary>Continue each method from the last good checkpoint in its run folder, skipping completed rounds.</summary>
    [JsonIgnore]
    public bool Resume { get; init; }

    /// <summary>Where run folders are written. Default <c>runs</c>.</summary>
    public string OutputDirectory { get; init; } = "runs";

    /// <summary>Suppress progress output.</summary>
    [JsonIgnore]
    public bool Quiet { get; init; }

    /// <summary>
    /// Where this process trains and evaluates (<c>--device</c>): the CPU (default) or a CUDA
    /// device. How to run, not what: never read from an experiment file nor part of the fingerprint.
    /// </summary>
    [JsonIgnore]
    public Training.ComputeDevice ComputeDevice { get; init; } = Training.ComputeDevice.Cpu;

    /// <summary>The default of <see cref="HsicBandwidth"/>.</summary>
    public const string DefaultHsicBandwidth = "paper";

    /// <summary>The run folder name: <see cref="Name"/> or one derived from method, dataset and seed.</summary>
    public string RunName => Name ?? $"{Method.Replace(',', '+')}-{Dataset}-seed{Seed}";
}
