using System.CommandLine;
using System.Globalization;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The flags of an experiment that the server honours (and so every command that runs one).
/// Each flag overrides the field of the same name from <c>--experiment FILE</c>; an absent flag
/// leaves the file's value (or the default) in place. With <paramref name="simulated"/>, the
/// flags that only a simulation can honour (<see cref="SimulationFlags"/>) are added too.
/// </summary>
internal sealed class ExperimentFlags(bool simulated)
{
    private readonly SimulationFlags? simulation = simulated ? new SimulationFlags() : null;
    private readonly Option<FileInfo?> experiment = new("--experiment") { Description = "JSON experiment file; flags override its fields." };
    private readonly Option<string?> dataset = new("--dataset") { Description = "fashion-mnist (default), mnist, cifar10, cifar100 or synthetic." };
    private readonly Option<string?> data = new("--data") { Description = "Directory with the dataset files (default: $SCALEFL_DATA, ./data/<dataset>, /usr/share/datasets/<dataset>)." };
    private readonly Option<string?> model = new("--model") { Description = "small-resnet (default), resnet18, resnet34, vgg11-bn or vit-tiny." };
    private readonly Option<string?> method = new("--method", "--methods") { Description = "Method (simulate and compare take a comma list run on the same seed; a server runs one): scalefl, sbt, scalefl-no-mentor, scalefl-no-harmonizer, fedavg-exclusive, fedavg-all." };
    private readonly Option<int?> clients = new("--clients") { Description = "Number of clients: simulated devices, or on a server the N data shares of client --share k/N (default 100)." };
    private readonly Option<int?> perRound = new("--per-round") { Description = "Clients sampled per round (default 10)." };
    private readonly Option<int?> rounds = new("--rounds") { Description = "Communication rounds (default 40)." };
    private readonly Option<int?> seed = new("--seed") { Description = "Seed for partition, budgets, sampling and init (default 42)." };
    private readonly Option<string?> output = new("--out") { Description = "Directory for run folders (default runs)." };
    private readonly Option<string?> name = new("--name") { Description = "Run name (default derived from method, dataset, seed)." };
    private readonly Option<string?> partition = new("--partition") { Description = "iid, dirichlet:ALPHA (default dirichlet:0.5) or shards:K." };
    private readonly Option<string?> schedule = new("--schedule") { Description = "sequential (default) or cyclic." };
    private readonly Option<int?> batchSize = new("--batch-size") { Description = "Local mini-batch size (default 64)." };
    private readonly Option<int?> localEpochs = new("--local-epochs") { Description = "Local epochs per round (default 1)." };
    private readonly Option<double?> learningRate = new("--lr") { Description = "SGD learning rate (default 0.01)." };
    private readonly Option<int?> maxTrain = new("--max-train") { Description = "Use a seeded subset of this many training samples." };
    private readonly Option<int?> evalSamples = new("--eval-samples") { Description = "Test samples for per-round evaluation (default 2000; the final evaluation uses all)." };
    private readonly Option<string?> lambda1 = new("--lambda1") { Description = "Mentor weights of nHSIC(Z,X) per block, e.g. 0.5,0.35,0.2,0.05." };
    private readonly Option<string?> lambda2 = new("--lambda2") { Description = "Mentor weights of nHSIC(P,Y) per block, e.g. 0.05,0.2,0.35,0.5." };
    private readonly Option<string?> hsicBandwidth = new("--hsic-bandwidth") { Description = "Mentor kernel width: paper (sigma 5, dimension-scaled) or median (median heuristic); default paper." };
    private readonly Option<string?> standIns = new("--stand-ins") { Description = "Output-module stand-ins: [bn-][he-]relu or [bn-][he-]linear (default he-relu)." };
    private readonly Option<double?> outputLrScale = new("--output-lr-scale") { Description = "Learning-rate multiplier of the output module in block-wise stages (default 1)." };
    private readonly Option<double?> overCommit = new("--over-commit") { Description = "Fraction of extra clients asked per round (default 0)." };
    private readonly Option<bool?> cacheBlocks = new("--cache-blocks") { Description = "Clients keep frozen blocks between rounds and get only what changed (default true)." };
    private readonly Option<string?> init = new("--init") { Description = "Start from these weights: a .safetensors file (e.g. from 'scalefl export') or a checkpoint; names must match the model." };
    private readonly Option<double?> maxUpdateNorm = new("--max-update-norm") { Description = "Reject client updates that move the weights further than this L2 norm (default 1e4)." };
    private readonly Option<string?> aggregation = new("--aggregation") { Description = "How results are combined: fedavg (default), mean, median, trimmed-mean:0.1 (Byzantine-robust)." };
    private readonly Option<bool> resume = new("--resume") { Description = "Continue from the last good checkpoint in the run folder, skipping completed rounds." };
    private readonly Option<bool> quiet = new("--quiet") { Description = "No progress output (for CI and scripts)." };

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] all =
        [
            experiment, dataset, data, model, method, clients, perRound, rounds, seed, output, name, partition,
            schedule, batchSize, localEpochs, learningRate, maxTrain, evalSamples, lambda1, lambda2,
            hsicBandwidth, standIns, outputLrScale,
            overCommit, cacheBlocks, init, quiet, maxUpdateNorm, aggregation, resume,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        simulation?.AddTo(command);
    }

    /// <summary>The experiment file (if any) with every given flag applied on top.</summary>
    public ExperimentOptions Resolve(ParseResult parse)
    {
        var file = parse.GetValue(experiment);
        var options = file is null ? new ExperimentOptions() : ExperimentFile.Load(file.FullName);
        var resolved = options with
        {
            Dataset = parse.GetValue(dataset) ?? options.Dataset,
            DataPath = parse.GetValue(data) ?? options.DataPath,
            Model = parse.GetValue(model) ?? options.Model,
            Method = parse.GetValue(method) ?? options.Method,
            Clients = parse.GetValue(clients) ?? options.Clients,
            PerRound = parse.GetValue(perRound) ?? options.PerRound,
            Rounds = parse.GetValue(rounds) ?? options.Rounds,
            Seed = parse.GetValue(seed) ?? options.Seed,
            OutputDirectory = parse.GetValue(output) ?? options.OutputDirectory,
            Name = parse.GetValue(name) ?? options.Name,
            Partition = parse.GetValue(partition) ?? options.Partition,
            Schedule = parse.GetValue(schedule) ?? options.Schedule,
            BatchSize = parse.GetValue(batchSize) ?? options.BatchSize,
            LocalEpochs = parse.GetValue(localEpochs) ?? options.LocalEpochs,
            LearningRate = parse.GetValue(learningRate) ?? options.LearningRate,
            MaxTrainSamples = parse.GetValue(maxTrain) ?? options.MaxTrainSamples,
            EvalSamples = parse.GetValue(evalSamples) ?? options.EvalSamples,
            Lambda1 = ParseList(parse.GetValue(lambda1), "lambda1") ?? options.Lambda1,
            Lambda2 = ParseList(parse.GetValue(lambda2), "lambda2") ?? options.Lambda2,
            HsicBandwidth = parse.GetValue(hsicBandwidth) ?? options.HsicBandwidth,
            StandIns = parse.GetValue(standIns) ?? options.StandIns,
            OutputLrScale = parse.GetValue(outputLrScale) ?? options.OutputLrScale,
            OverCommit = parse.GetValue(overCommit) ?? options.OverCommit,
            CacheBlocks = parse.GetValue(cacheBlocks) ?? options.CacheBlocks,
            InitWeights = parse.GetValue(init) ?? options.InitWeights,
            Quiet = parse.GetValue(quiet),
            MaxUpdateNorm = parse.GetValue(maxUpdateNorm) ?? options.MaxUpdateNorm,
            Aggregation = parse.GetValue(aggregation) ?? options.Aggregation,
            Resume = parse.GetValue(resume),
        };
        return simulation?.Apply(parse, resolved) ?? resolved;
    }

    /// <summary>True when <c>--method</c>/<c>--methods</c> was given on the command line.</summary>
    public bool MethodGiven(ParseResult parse) => parse.GetResult(method) is { Implicit: false };

    private static double[]? ParseList(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return text.Split(',', StringSplitOptions.TrimEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new ExperimentException($"{field}: '{text}' is not a comma-separated list of numbers, e.g. 0.5,0.35,0.2,0.05.");
        }
    }
}
