using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

/// <summary>
/// Loads the real Fashion-MNIST from the Debian package. CI installs it (.ci/run), so a missing
/// folder fails here rather than skipping silently.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FashionMnistTests
{
    private const string Folder = DatasetLocator.SystemRoot + "/fashion-mnist";

    [Fact]
    public void Debian_package_folder_is_installed()
    {
        Assert.True(Directory.Exists(Folder), $"{Folder} is missing: apt-get install dataset-fashion-mnist");
    }

    [Fact]
    public void Real_fashion_mnist_loads_with_standard_sizes_and_centred_values()
    {
        var (train, test) = DatasetCatalog.Load("fashion-mnist", Folder, seed: 1);
        using (train)
        using (test)
        {
            Assert.Equal(60000, train.Count);
            Assert.Equal(10000, test.Count);
            Assert.Equal(10, train.ClassCount);
            Assert.Equal(new ImageShape(1, 28, 28), train.Shape);
            Assert.Equal(Enumerable.Range(0, 10).Select(c => (long)c), train.Labels.Distinct().Order());
            Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(6000, train.Labels.Count(label => label == c)));

            using var all = train.Images(Enumerable.Range(0, train.Count).ToArray());
            var mean = all.mean().item<float>();
            var std = all.std().item<float>();
            Assert.InRange(mean, -0.05f, 0.05f);
            Assert.InRange(std, 0.95f, 1.05f);
        }
    }
}
