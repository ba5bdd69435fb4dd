using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class DatasetCatalogTests : IDisposable
{
    private readonly DataFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Unknown_name_lists_the_allowed_names()
    {
        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load("imagenet", null, seed: 0));

        Assert.Equal(
            "Unknown dataset 'imagenet'. Allowed: fashion-mnist, mnist, cifar10, cifar100, synthetic.", error.Message);
        Assert.Equal(["fashion-mnist", "mnist", "cifar10", "cifar100", "synthetic"], DatasetCatalog.Names);
    }

    [Fact]
    public void Synthetic_has_mnist_shape_and_fixed_sizes()
    {
        var (train, test) = DatasetCatalog.Load("synthetic", null, seed: 5);
        using (train)
        using (test)
        {
            Assert.Equal((2000, 500), (train.Count, test.Count));
            Assert.Equal(new ImageShape(1, 28, 28), train.Shape);
            Assert.Equal(10, test.ClassCount);
        }
    }

    [Fact]
    public void Synthetic_is_deterministic_by_seed()
    {
        var first = Sample(seed: 5);
        var again = Sample(seed: 5);
        var other = Sample(seed: 6);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Cifar10_loads_from_an_explicit_folder_and_is_normalized_per_channel()
    {
        for (var i = 1; i <= 5; i++)
        {
            files.Write($"cifar-10-batches-bin/data_batch_{i}.bin", DataFiles.CifarRecords([[(byte)i]]));
        }

        files.Write("cifar-10-batches-bin/test_batch.bin", DataFiles.CifarRecords([[0]]));

        var (train, test) = DatasetCatalog.Load("cifar10", files.Folder, seed: 0);
        using (train)
        using (test)
        {
            Assert.Equal((5, 1), (train.Count, test.Count));
            Assert.Equal(new ImageShape(3, 32, 32), train.Shape);
            using var image = train.Images([1]);

            // Record with label 2 has pixels 20, 21, 22 in channels 0, 1, 2.
            Assert.Equal(((20f / 255f) - 0.4914f) / 0.2470f, image[0, 0, 5, 5].item<float>(), 4);
            Assert.Equal(((22f / 255f) - 0.4465f) / 0.2616f, image[0, 2, 31, 0].item<float>(), 4);
        }
    }

    [Fact]
    public void Cifar100_has_one_hundred_classes_and_fine_labels()
    {
        files.Write("cifar100/train.bin", DataFiles.CifarRecords([[1, 99], [2, 40]]));
        files.Write("cifar100/test.bin", DataFiles.CifarRecords([[3, 7]]));

        var (train, test) = DatasetCatalog.Load("cifar100", files.PathOf("cifar100"), seed: 0);
        using (train)
        using (test)
        {
            Assert.Equal(100, train.ClassCount);
            Assert.Equal([99L, 40], train.Labels);
            Assert.Equal([7L], test.Labels);
        }
    }

    [Fact]
    public void Max_train_keeps_a_seeded_subset_of_whole_rows_in_file_order()
    {
        WriteLabelledMnist();

        var first = SubsetLabels(seed: 1);
        var again = SubsetLabels(seed: 1);
        var other = SubsetLabels(seed: 2);

        Assert.Equal(3, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(first.Order(), first);
    }

    [Fact]
    public void Subset_rows_keep_their_own_images()
    {
        WriteLabelledMnist();

        var (train, test) = DatasetCatalog.Load("mnist", files.Folder, seed: 3, maxTrain: 4, maxTest: 1);
        using (train)
        using (test)
        {
            using var images = train.Images([0, 1, 2, 3]);
            for (var row = 0; row < 4; row++)
            {
                // Every pixel of the image labelled c was written as 20 * c.
                var expected = ((20f * train.Labels[row] / 255f) - 0.1307f) / 0.3081f;
                Assert.Equal(expected, images[row].mean().item<float>(), 4);
            }

            Assert.Equal(1, test.Count);
        }
    }

    [Fact]
    public void An_empty_test_set_is_refused_before_anything_trains()
    {
        files.WriteIdxDataset("fashion-mnist", [1, 2], [], gzip: false);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load("fashion-mnist", files.Folder, seed: 0));

        Assert.Equal($"fashion-mnist: the test set in '{files.PathOf("fashion-mnist")}' holds 0 images; a run needs at least one.", error.Message);
    }

    [Fact]
    public void Label_outside_ten_classes_names_the_dataset()
    {
        files.WriteIdxDataset("fashion-mnist", [1, 10], [0], gzip: false);

        var error = Assert.Throws<DatasetException>(() => DatasetCatalog.Load("fashion-mnist", files.Folder, seed: 0));

        Assert.Equal("Dataset 'fashion-mnist': label 10 lies outside 0..9.", error.Message);
    }

    private static float[] Sample(int seed)
    {
        var (train, test) = DatasetCatalog.Load("synthetic", null, seed, maxTrain: 20, maxTest: 10);
        using (train)
        using (test)
        {
            using var images = test.Images([0, 9]);
            return images.data<float>().ToArray();
        }
    }

    private long[] SubsetLabels(int seed)
    {
        var (train, test) = DatasetCatalog.Load("mnist", files.Folder, seed, maxTrain: 3);
        using (train)
        using (test)
        {
            return [.. train.Labels];
        }
    }

    /// <summary>Ten 1x2x2 training images labelled 0..9, every pixel of image c being 20 * c.</summary>
    private void WriteLabelledMnist()
    {
        byte[] labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var pixels = labels.SelectMany(label => Enumerable.Repeat((byte)(20 * label), 4)).ToArray();
        files.Write("mnist/train-images-idx3-ubyte", DataFiles.IdxImages(10, 2, 2, pixels));
        files.Write("mnist/train-labels-idx1-ubyte", DataFiles.IdxLabels(labels));
        files.Write("mnist/t10k-images-idx3-ubyte", DataFiles.IdxImages(2, 2, 2, new byte[8]));
        files.Write("mnist/t10k-labels-idx1-ubyte", DataFiles.IdxLabels([0, 1]));
    }
}
