using ScaleFL.Core.Data;
using ScaleFL.Core.Simulation;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// One device's share of the experiment's training set, split exactly as the server and the
/// simulation split it (<see cref="ExperimentSetup.Prepare"/>): the same dataset, seeded subset,
/// partitioner and seed, so share k of a cluster is client k-1 of the simulation.
/// </summary>
public static class ClientShare
{
    /// <summary>
    /// Loads share <paramref name="share"/> (1-based) of <paramref name="experiment"/>'s split from
    /// <paramref name="dataPath"/> (null: the usual places). <paramref name="dataset"/> names the
    /// data the device holds (null: the experiment's). The split is computed from the labels alone
    /// and only this share's images are kept in memory (<see cref="DatasetCatalog.LoadTrainingRows"/>),
    /// in the order of the simulation's view of that client, so batches are drawn identically.
    /// Returns the share (the caller disposes it) and a view of all of it.
    /// </summary>
    /// <exception cref="ExperimentException">The share count differs from <see cref="ExperimentSpec.Clients"/>.</exception>
    /// <exception cref="DatasetException">The data cannot be read.</exception>
    public static (ImageDataset Train, ClientDataView Data) Load(ExperimentSpec experiment, int share, int shares, string? dataset, string? dataPath)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (shares != experiment.Clients)
        {
            throw new ExperimentException($"share: this device is share {share}/{shares}; the server splits the data into {experiment.Clients} shares.");
        }

        var partitioner = PartitionerCatalog.Parse(experiment.Partition);
        var train = DatasetCatalog.LoadTrainingRows(
            dataset ?? experiment.Dataset,
            dataPath,
            experiment.Seed,
            experiment.MaxTrainSamples,
            (labels, classCount) => partitioner.Split(labels, classCount, experiment.Clients, Seeds.Derive(experiment.Seed, Seeds.Partition))[share - 1]);
        return (train, train.All());
    }

    /// <summary>
    /// Loads a device's own training data: every training image in <paramref name="folder"/>, in
    /// the files of <paramref name="dataset"/> (null: the experiment's dataset; e.g. the IDX
    /// <c>train-*</c> pair, or CIFAR's <c>data_batch_*.bin</c>), without any split and without
    /// test files. Returns the data (the caller disposes it) and a view of all of it.
    /// </summary>
    /// <exception cref="ExperimentException">The dataset is <c>synthetic</c>, which has no files.</exception>
    /// <exception cref="DatasetException">The files are missing or malformed.</exception>
    public static (ImageDataset Train, ClientDataView Data) LoadOwn(ExperimentSpec experiment, string? dataset, string folder)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var name = dataset ?? experiment.Dataset;
        RejectSynthetic(name);
        var train = DatasetCatalog.LoadTrainingRows(name, folder, experiment.Seed, maxTrain: null, (labels, _) => Enumerable.Range(0, labels.Count).ToArray());
        return (train, train.All());
    }

    /// <summary>
    /// Checks, before a device joins, that <paramref name="folder"/> can hold its own training data:
    /// the folder exists and, when the format is known (<paramref name="dataset"/> not null), holds
    /// that format's training files. Reading and validating their contents is left to
    /// <see cref="LoadOwn"/>.
    /// </summary>
    /// <exception cref="ExperimentException">
    /// The folder is missing, the format is unknown or <c>synthetic</c> (no files), or its training
    /// files are not in the folder; the message names the field (<c>data</c> or <c>dataset</c>).
    /// </exception>
    public static void CheckOwn(string? dataset, string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        RejectSynthetic(dataset);
        if (dataset is not null && !DatasetCatalog.Names.Contains(dataset))
        {
            throw new ExperimentException($"dataset: '{dataset}' is not allowed; allowed: {string.Join(", ", DatasetCatalog.Names.Where(name => name != "synthetic"))}.");
        }

        if (!Directory.Exists(folder))
        {
            throw new ExperimentException($"data: '{folder}' is not a folder; a device without --share trains on its own training files in --data.");
        }

        if (dataset is not null)
        {
            try
            {
                DatasetCatalog.LocateTraining(dataset, folder);
            }
            catch (DatasetException error)
            {
                throw new ExperimentException($"data: {error.Message}", error);
            }
        }
    }

    private static void RejectSynthetic(string? dataset)
    {
        if (dataset == "synthetic")
        {
            throw new ExperimentException("dataset: synthetic data has no files of a device's own; give --share k/N, or --dataset with the format of the files in --data.");
        }
    }
}
