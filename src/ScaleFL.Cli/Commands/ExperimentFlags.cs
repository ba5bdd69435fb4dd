using System.CommandLine;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The flags of an experiment that the server honours (and so every command that runs one), each
/// declared once beside the <see cref="ExperimentOptions"/> field it sets. A given flag overrides
/// the field of the same name from <c>--experiment FILE</c>; an absent flag leaves the file's
/// value (or the default) in place. Binding is System.Text.Json's (<see cref="ExperimentFile.Bind"/>),
/// the same that reads experiment files, so a flag and a file field can never disagree on type or
/// default. With <paramref name="simulated"/>, the flags only a simulation honours
/// (<see cref="SimulationFlags"/>) are added too.
/// </summary>
internal sealed class ExperimentFlags(bool simulated)
{
    private readonly Option<FileInfo?> experiment = new("--experiment") { Description = "JSON experiment file; flags override its fields." };
    private readonly ExperimentFlag[] simulationFlags = simulated ? SimulationFlags.Create() : [];
    // How to run, not what: never part of an experiment file, so set apart from the bound fields.
    private readonly Option<bool> resume = new("--resume") { Description = "Continue from the last good checkpoint in the run folder, skipping completed rounds." };
    private readonly Option<bool> quiet = new("--quiet") { Description = "No progress output (for CI and scripts)." };
    private readonly DeviceFlag device = new();
    private readonly Option<string?> method = new("--method", "--methods") { Description = "Method (simulate and compare take a comma list run on the same seed; a server runs one): scalefl, sbt, scalefl-no-mentor, scalefl-no-harmonizer, fedavg-exclusive, fedavg-all, heterofl, fedrolex, depthfl." };

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(experiment);
        foreach (var flag in Flags())
        {
            command.Options.Add(flag.Option);
        }

        command.Options.Add(quiet);
        command.Options.Add(resume);
        device.AddTo(command);
    }

    /// <summary>
    /// The experiment file (if any) with every given flag applied on top, and the
    /// <c>--device</c> this process runs on (checked first: a device it cannot use ends the
    /// command before anything is read or written).
    /// </summary>
    public ExperimentOptions Resolve(ParseResult parse)
    {
        var computeDevice = device.Resolve(parse);
        var file = parse.GetValue(experiment);
        var document = file is null ? [] : ExperimentFile.Read(file.FullName);
        if (file is not null)
        {
            // The file must be right on its own: a flag that overrides a malformed field must not hide it.
            ExperimentFile.Bind(document, file.FullName);
            if (!simulated)
            {
                WarnOfSimulationFields(document, file.FullName);
            }
        }

        foreach (var flag in Flags())
        {
            flag.ApplyTo(document, parse);
        }

        return ExperimentFile.Bind(document, file?.FullName) with
        {
            Resume = parse.GetValue(resume),
            Quiet = parse.GetValue(quiet),
            ComputeDevice = computeDevice,
        };
    }

    /// <summary>
    /// One line on standard error naming the fields of <paramref name="document"/> that only a
    /// simulation honours (a file shared between <c>simulate</c> and <c>server</c> is fine, but a
    /// server must not seem to apply invented budgets or stragglers to real devices).
    /// </summary>
    private static void WarnOfSimulationFields(System.Text.Json.Nodes.JsonObject document, string path)
    {
        var simulationOnly = SimulationFlags.Create().Select(flag => flag.Field).ToList();
        // Fields with the same reason are listed together before it: "stragglerShare, budgets (...)".
        var ignored = document.Select(entry => entry.Key)
            .Select(key => (Key: key, Field: simulationOnly.FirstOrDefault(field => field.Equals(key, StringComparison.OrdinalIgnoreCase))))
            .Where(entry => entry.Field is not null)
            .GroupBy(entry => WhyIgnored(entry.Field!))
            .Select(group => $"{string.Join(", ", group.Select(entry => entry.Key))} ({group.Key})")
            .ToList();
        if (ignored.Count > 0)
        {
            Console.Error.WriteLine($"scalefl: warning: {path}: the server ignores fields only simulate honours: {string.Join("; ", ignored)}.");
        }
    }

    private static string WhyIgnored(string field) => field switch
    {
        nameof(ExperimentOptions.Engine) => "a server always runs the actors, its devices in their own processes",
        nameof(ExperimentOptions.Dropout) => "devices drop out for real; inject dropouts with a fault plan, faultsFile",
        nameof(ExperimentOptions.DeadlineSeconds) => "a server's round deadline is wall-clock: --round-deadline",
        _ => "its devices declare their own memory and speed",
    };

    /// <summary>True when <c>--method</c>/<c>--methods</c> was given on the command line.</summary>
    public bool MethodGiven(ParseResult parse) => parse.GetResult(method) is { Implicit: false };

    /// <summary>Every flag of these options, experiment and (when simulated) simulation ones.</summary>
    internal IEnumerable<ExperimentFlag> Flags() => [.. experimentFlags, .. simulationFlags];

    private ExperimentFlag[] experimentFlags => field ??=
    [
        ExperimentFlag.Of<string?>("--dataset", nameof(ExperimentOptions.Dataset), "fashion-mnist (default), mnist, cifar10, cifar100 or synthetic."),
        ExperimentFlag.Of<string?>("--data", nameof(ExperimentOptions.DataPath), "Directory with the dataset files (default: $SCALEFL_DATA, ./data/<dataset>, /usr/share/datasets/<dataset>)."),
        ExperimentFlag.Of<string?>("--model", nameof(ExperimentOptions.Model), "small-resnet (default), resnet18, resnet34, vgg11-bn or vit-tiny."),
        new ExperimentFlag(method, nameof(ExperimentOptions.Method)),
        ExperimentFlag.Of<int?>("--clients", nameof(ExperimentOptions.Clients), "Number of clients: simulated devices, or on a server the N devices it plans (client ids 0..N-1; a client --share k/N takes id k-1) (default 100)."),
        ExperimentFlag.Of<int?>("--per-round", nameof(ExperimentOptions.PerRound), "Clients sampled per round (default 10)."),
        ExperimentFlag.Of<int?>("--rounds", nameof(ExperimentOptions.Rounds), "Communication rounds (default 40)."),
        ExperimentFlag.Of<int?>("--seed", nameof(ExperimentOptions.Seed), "Seed for partition, budgets, sampling and init (default 42)."),
        ExperimentFlag.Of<string?>("--out", nameof(ExperimentOptions.OutputDirectory), "Directory for run folders (default runs)."),
        ExperimentFlag.Of<string?>("--name", nameof(ExperimentOptions.Name), "Run name (default derived from method, dataset, seed)."),
        ExperimentFlag.Of<string?>("--partition", nameof(ExperimentOptions.Partition), "iid, dirichlet:ALPHA (default dirichlet:0.5) or shards:K."),
        ExperimentFlag.Of<string?>("--schedule", nameof(ExperimentOptions.Schedule), "sequential (default) or cyclic."),
        ExperimentFlag.Of<int?>("--batch-size", nameof(ExperimentOptions.BatchSize), "Local mini-batch size (default 64)."),
        ExperimentFlag.Of<string?>("--micro-batches", nameof(ExperimentOptions.MicroBatches), "off (default) or auto: a device below a stage's footprint at the batch size trains it on micro-batches of 1/2, 1/4, ... (at least 8 samples) with gradient accumulation."),
        ExperimentFlag.Of<int?>("--local-epochs", nameof(ExperimentOptions.LocalEpochs), "Local epochs per round (default 1)."),
        ExperimentFlag.Of<double?>("--lr", nameof(ExperimentOptions.LearningRate), "SGD learning rate (default 0.01)."),
        ExperimentFlag.Of<int?>("--max-train", nameof(ExperimentOptions.MaxTrainSamples), "Use a seeded subset of this many training samples."),
        ExperimentFlag.Of<int?>("--eval-samples", nameof(ExperimentOptions.EvalSamples), "Test samples for per-round evaluation (default 2000; the final evaluation uses all)."),
        ExperimentFlag.Numbers("--lambda1", nameof(ExperimentOptions.Lambda1), "Mentor weights of nHSIC(Z,X) per block, e.g. 0.5,0.35,0.2,0.05."),
        ExperimentFlag.Numbers("--lambda2", nameof(ExperimentOptions.Lambda2), "Mentor weights of nHSIC(P,Y) per block, e.g. 0.05,0.2,0.35,0.5."),
        ExperimentFlag.Of<string?>("--hsic-bandwidth", nameof(ExperimentOptions.HsicBandwidth), "Mentor kernel width: paper (sigma 5, dimension-scaled) or median (median heuristic); default paper."),
        ExperimentFlag.Of<string?>("--stand-ins", nameof(ExperimentOptions.StandIns), "Output-module stand-ins: [bn-][he-]relu or [bn-][he-]linear (default he-relu)."),
        ExperimentFlag.Of<double?>("--output-lr-scale", nameof(ExperimentOptions.OutputLrScale), "Learning-rate multiplier of the output module in block-wise stages (default 1)."),
        ExperimentFlag.Of<double?>("--over-commit", nameof(ExperimentOptions.OverCommit), "Fraction of extra clients asked per round (default 0)."),
        ExperimentFlag.Of<bool?>("--cache-blocks", nameof(ExperimentOptions.CacheBlocks), "Clients keep frozen blocks between rounds and get only what changed (default true)."),
        ExperimentFlag.Of<string?>("--init", nameof(ExperimentOptions.InitWeights), "Start from these weights: a .safetensors file (e.g. from 'scalefl export') or a checkpoint; names must match the model."),
        ExperimentFlag.Of<double?>("--max-update-norm", nameof(ExperimentOptions.MaxUpdateNorm), "Reject client updates that move the weights further than this L2 norm (default 1e4)."),
        ExperimentFlag.Of<string?>("--faults", nameof(ExperimentOptions.FaultsFile), "Fault plan (JSON, see docs/faults.md): injected into the actor simulation, or by a server into the client processes it names."),
        ExperimentFlag.Of<string?>("--aggregation", nameof(ExperimentOptions.Aggregation), "How results are combined: fedavg (default), mean, median, trimmed-mean:0.1 (Byzantine-robust)."),
    ];
}
