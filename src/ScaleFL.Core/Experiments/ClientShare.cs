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
    /// data the device holds (null: the experiment's). Returns the training set (the caller
    /// disposes it) and the view of this share. Throws <see cref="ExperimentException"/> when the
    /// share is outside 1..<see cref="ExperimentSpec.Clients"/>, <see cref="DatasetException"/> when the data cannot be read.
    /// </summary>
    public static (ImageDataset Train, ClientDataView Data) Load(ExperimentSpec experiment, int share, int shares, string? dataset, string? dataPath)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (shares != experiment.Clients)
        {
            throw new ExperimentException($"share: this device is share {share}/{shares}; the server splits the data into {experiment.Clients} shares.");
        }

        var (train, test) = DatasetCatalog.Load(dataset ?? experiment.Dataset, dataPath, experiment.Seed, experiment.MaxTrainSamples);
        test.Dispose();
        try
        {
            var split = PartitionerCatalog.Parse(experiment.Partition)
                .Split(train.Labels, train.ClassCount, experiment.Clients, Seeds.Derive(experiment.Seed, Seeds.Partition));
            return (train, new ClientDataView(train, split[share - 1]));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }
}
