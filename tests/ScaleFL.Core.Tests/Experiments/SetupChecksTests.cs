using ScaleFL.Core.Experiments;

namespace ScaleFL.Core.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class SetupChecksTests
{
    [Fact]
    public void More_shards_than_samples_names_the_flags_and_what_would_work()
    {
        var options = new ExperimentOptions { Dataset = "synthetic", Clients = 100, MaxTrainSamples = 100, Partition = "shards:2" };

        var error = Assert.Throws<ExperimentException>(() => ExperimentSetup.Prepare(options).Dispose());

        Assert.Equal(
            "clients: 100 clients with --partition shards:2 need 200 training samples (2 shards of samples each), but --max-train keeps 100; " +
            "use --clients 50 or fewer, --partition shards:1, or --max-train 200 or more.",
            error.Message);
    }

    [Fact]
    public void More_clients_than_the_dataset_holds_names_the_dataset()
    {
        var options = new ExperimentOptions { Dataset = "synthetic", Clients = 100_000, Partition = "iid" };

        var error = Assert.Throws<ExperimentException>(() => ExperimentSetup.Prepare(options).Dispose());

        Assert.StartsWith("clients: 100000 clients with --partition iid need 100000 training samples (a sample each), but synthetic has ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_refusal_during_setup_becomes_one_line_under_its_field()
    {
        var error = Assert.Throws<ExperimentException>(() => SetupChecks.Refusing<int>("model", () => throw new ArgumentException("cannot take 3x3 images", "input")));

        Assert.Equal("model: cannot take 3x3 images", error.Message);
    }
}
