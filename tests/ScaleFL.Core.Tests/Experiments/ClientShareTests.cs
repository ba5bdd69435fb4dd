using ScaleFL.Core.Data;
using ScaleFL.Core.Experiments;
using ScaleFL.Core.Simulation;
using ScaleFL.Core.Tests.Data;

namespace ScaleFL.Core.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class ClientShareTests : IDisposable
{
    private readonly DataFiles files = new();

    public void Dispose() => files.Dispose();

    [Theory]
    [InlineData("dirichlet:0.5", null)]
    [InlineData("iid", 70)]
    [InlineData("shards:2", null)]
    public void Each_share_holds_exactly_the_simulation_clients_images_in_its_order(string partition, int? maxTrain)
    {
        WriteMnist(trainCount: 90);
        var spec = Spec("mnist", partition, clients: 4, maxTrain);
        var (full, test) = DatasetCatalog.Load("mnist", files.Folder, spec.Seed, maxTrain);
        using (full)
        using (test)
        {
            var split = PartitionerCatalog.Parse(partition).Split(full.Labels, full.ClassCount, spec.Clients, Seeds.Derive(spec.Seed, Seeds.Partition));
            for (var share = 1; share <= spec.Clients; share++)
            {
                var (train, view) = ClientShare.Load(spec, share, spec.Clients, dataset: null, files.Folder);
                using (train)
                {
                    var expected = split[share - 1];
                    Assert.Equal(expected.Length, train.Count);
                    Assert.Equal(expected.Length, view.Count);
                    Assert.Equal(expected.Select(i => full.Labels[i]), train.Labels);
                    using var expectedImages = full.Images(expected);
                    using var images = train.Images(view.Indices);
                    Assert.True(expectedImages.allclose(images, 0, 0), $"share {share}: images differ");
                }
            }
        }
    }

    [Fact]
    public void Batches_of_a_share_come_in_the_simulation_clients_order()
    {
        var spec = Spec("synthetic", "dirichlet:0.5", clients: 5, maxTrain: null);
        var (full, test) = DatasetCatalog.Load("synthetic", null, spec.Seed);
        using (full)
        using (test)
        {
            var split = PartitionerCatalog.Parse(spec.Partition).Split(full.Labels, full.ClassCount, spec.Clients, Seeds.Derive(spec.Seed, Seeds.Partition));
            var (train, view) = ClientShare.Load(spec, 3, spec.Clients, dataset: null, dataPath: null);
            using (train)
            {
                var simulated = new ClientDataView(full, split[2]).Batches(8, new Random(11)).ToList();
                var deployed = view.Batches(8, new Random(11)).ToList();
                Assert.Equal(simulated.Count, deployed.Count);
                for (var b = 0; b < simulated.Count; b++)
                {
                    using var expected = full.Images(simulated[b]);
                    using var actual = train.Images(deployed[b]);
                    Assert.True(expected.allclose(actual, 0, 0), $"batch {b} differs");
                }
            }
        }
    }

    [Fact]
    public void A_share_count_other_than_the_servers_is_refused()
    {
        var spec = Spec("synthetic", "iid", clients: 5, maxTrain: null);

        var error = Assert.Throws<ExperimentException>(() => ClientShare.Load(spec, 1, 4, null, null));

        Assert.Contains("5 shares", error.Message);
    }

    [Fact]
    public void A_devices_own_folder_is_all_its_data_and_needs_no_test_files()
    {
        var labels = new byte[] { 3, 1, 4, 1, 5 };
        var pixels = Enumerable.Range(0, labels.Length * 4).Select(i => (byte)i).ToArray();
        files.Write("train-images-idx3-ubyte", DataFiles.IdxImages(labels.Length, 2, 2, pixels));
        files.Write("train-labels-idx1-ubyte", DataFiles.IdxLabels(labels));
        var spec = Spec("mnist", "dirichlet:0.5", clients: 100, maxTrain: 2);

        var (train, view) = ClientShare.LoadOwn(spec, dataset: null, files.Folder);
        using (train)
        {
            Assert.Equal(5, view.Count);
            Assert.Equal(labels.Select(label => (long)label), train.Labels);
        }
    }

    [Fact]
    public void Own_data_in_a_folder_without_training_files_names_the_missing_file()
    {
        var spec = Spec("fashion-mnist", "iid", clients: 2, maxTrain: null);

        var error = Assert.Throws<DatasetException>(() => ClientShare.LoadOwn(spec, dataset: null, files.Folder));

        Assert.Contains("train-images-idx3-ubyte", error.Message);
        Assert.DoesNotContain("t10k", error.Message);
    }

    [Fact]
    public void Own_data_is_checked_before_joining_folder_first_then_the_named_formats_training_files()
    {
        var missing = Path.Combine(files.Folder, "absent");
        Assert.StartsWith($"data: '{missing}' is not a folder", Assert.Throws<ExperimentException>(() => ClientShare.CheckOwn(null, missing)).Message, StringComparison.Ordinal);
        Assert.StartsWith("dataset: 'fashion'", Assert.Throws<ExperimentException>(() => ClientShare.CheckOwn("fashion", files.Folder)).Message, StringComparison.Ordinal);
        Assert.StartsWith("dataset: synthetic", Assert.Throws<ExperimentException>(() => ClientShare.CheckOwn("synthetic", files.Folder)).Message, StringComparison.Ordinal);
        var noFiles = Assert.Throws<ExperimentException>(() => ClientShare.CheckOwn("mnist", files.Folder));
        Assert.StartsWith("data: ", noFiles.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte", noFiles.Message, StringComparison.Ordinal);

        ClientShare.CheckOwn(null, files.Folder);
        files.Write("train-images-idx3-ubyte", DataFiles.IdxImages(1, 2, 2, new byte[4]));
        files.Write("train-labels-idx1-ubyte", DataFiles.IdxLabels([1]));
        ClientShare.CheckOwn("mnist", files.Folder);
    }

    private static ExperimentSpec Spec(string dataset, string partition, int clients, int? maxTrain) =>
        new("small-resnet", new ImageShape(1, 28, 28), 10, dataset, partition, clients, Seed: 7, maxTrain, Fingerprint: "test");

    private void WriteMnist(int trainCount)
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, trainCount).Select(_ => (byte)random.Next(10)).ToArray();
        files.WriteIdxDataset(files.Folder, labels, [1, 2, 3], gzip: false);
    }
}
