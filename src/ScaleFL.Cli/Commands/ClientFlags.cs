using System.CommandLine;
using System.Globalization;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// The experiment flags a device needs to build the same model, objective and data split as the
/// server: the shared subset of <see cref="ExperimentFlags"/>, with the partitioner renamed
/// <c>--partitioner</c> because <c>--partition</c> names this client's share (<c>k/N</c>).
/// </summary>
internal sealed class ClientFlags
{
    private readonly Option<FileInfo?> experiment = new("--experiment") { Description = "JSON experiment file (the server's); flags override its fields." };
    private readonly Option<string?> dataset = new("--dataset") { Description = "fashion-mnist (default), mnist, cifar10, cifar100 or synthetic." };
    private readonly Option<string?> data = new("--data") { Description = "Directory with the dataset files." };
    private readonly Option<string?> model = new("--model") { Description = "Model; must match the server's (default small-resnet)." };
    private readonly Option<string?> method = new("--method") { Description = "Method; must match the server's, it decides the objective (default scalefl)." };
    private readonly Option<int?> seed = new("--seed") { Description = "The experiment seed; must match the server's for the same split (default 42)." };
    private readonly Option<string?> partitioner = new("--partitioner") { Description = "How the training set is split: iid, dirichlet:ALPHA (default dirichlet:0.5) or shards:K." };
    private readonly Option<int?> maxTrain = new("--max-train") { Description = "Seeded subset of this many training samples before the split." };
    private readonly Option<int?> batchSize = new("--batch-size") { Description = "Local mini-batch size (default scalefl.client.batch-size, else the experiment's 64)." };
    private readonly Option<int?> localEpochs = new("--local-epochs") { Description = "Local epochs per round (default 1)." };
    private readonly Option<double?> learningRate = new("--lr") { Description = "SGD learning rate (default 0.01)." };
    private readonly Option<bool> quiet = new("--quiet") { Description = "No progress output." };

    public void AddTo(Command command)
    {
        Option[] all = [experiment, dataset, data, model, method, seed, partitioner, maxTrain, batchSize, localEpochs, learningRate, quiet];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The experiment with the flags applied and <see cref="ExperimentOptions.Clients"/> set to the share count.</summary>
    public ExperimentOptions Resolve(ParseResult parse, int shares, int configBatchSize)
    {
        var file = parse.GetValue(experiment);
        var options = file is null ? new ExperimentOptions() : ExperimentFile.Load(file.FullName);
        return options with
        {
            Dataset = parse.GetValue(dataset) ?? options.Dataset,
            DataPath = parse.GetValue(data) ?? options.DataPath,
            Model = parse.GetValue(model) ?? options.Model,
            Method = parse.GetValue(method) ?? options.Method,
            Seed = parse.GetValue(seed) ?? options.Seed,
            Partition = parse.GetValue(partitioner) ?? options.Partition,
            MaxTrainSamples = parse.GetValue(maxTrain) ?? options.MaxTrainSamples,
            BatchSize = parse.GetValue(batchSize) ?? (configBatchSize > 0 ? configBatchSize : options.BatchSize),
            LocalEpochs = parse.GetValue(localEpochs) ?? options.LocalEpochs,
            LearningRate = parse.GetValue(learningRate) ?? options.LearningRate,
            Clients = shares,
            Quiet = parse.GetValue(quiet),
        };
    }

    /// <summary>Parses <c>k/N</c> (1 &lt;= k &lt;= N).</summary>
    public static (int Share, int Shares) ParseShare(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var share)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shares)
            && share >= 1 && share <= shares)
        {
            return (share, shares);
        }

        throw new ExperimentException($"partition: '{text}' is not allowed; allowed: k/N with 1 <= k <= N, e.g. 2/10 for the second of ten shares.");
    }
}
