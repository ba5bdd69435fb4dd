namespace ScaleFL.Core.Data;

/// <summary>
/// Loads a dataset by name into a normalized train and test <see cref="ImageDataset"/>.
/// Names: <c>fashion-mnist</c>, <c>mnist</c>, <c>cifar10</c>, <c>cifar100</c> (files found by
/// <see cref="DatasetLocator"/>) and <c>synthetic</c> (generated from the seed, no files).
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Training samples of the synthetic dataset.</summary>
    public const int SyntheticTrainCount = 2000;

    /// <summary>Test samples of the synthetic dataset.</summary>
    public const int SyntheticTestCount = 500;

    /// <summary>The dataset names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fashion-mnist", "mnist", "cifar10", "cifar100", "synthetic"];

    /// <summary>
    /// Loads <paramref name="name"/>. <paramref name="dataPath"/> is the explicit <c>--data</c>
    /// folder or null. When <paramref name="maxTrain"/> or <paramref name="maxTest"/> is set and
    /// smaller than the split, a random subset of that size chosen by <paramref name="seed"/> is
    /// kept (in file order), copied row by row before normalization so the full set is not held.
    /// </summary>
    public static (ImageDataset Train, ImageDataset Test) Load(
        string name, string? dataPath, int seed, int? maxTrain = null, int? maxTest = null)
    {
        if (maxTrain < 1 || maxTest < 1)
        {
            throw new DatasetException($"maxTrain and maxTest must be at least 1 when given, got {maxTrain} and {maxTest}.");
        }

        if (name == "synthetic")
        {
            return Synthetic(seed, maxTrain, maxTest);
        }

        var (layout, normalization, classCount) = name switch
        {
            "fashion-mnist" => (DatasetLayout.FashionMnist, Normalization.FashionMnist, 10),
            "mnist" => (DatasetLayout.Mnist, Normalization.Mnist, 10),
            "cifar10" => (DatasetLayout.Cifar10, Normalization.Cifar10, 10),
            "cifar100" => (DatasetLayout.Cifar100, Normalization.Cifar100, 100),
            _ => throw new DatasetException($"Unknown dataset '{name}'. Allowed: {string.Join(", ", Names)}."),
        };

        var folder = DatasetLocator.Default.Locate(layout, dataPath);
        var (train, test) = ReadRaw(name, folder);
        RequireImages(train, name, folder, "training");
        RequireImages(test, name, folder, "test");
        var random = new Random(seed);
        train = Subset(train, maxTrain, random);
        test = Subset(test, maxTest, random);
        return (normalization.Apply(train, name, classCount), normalization.Apply(test, name + "-test", classCount));
    }

    private static (RawImageSet Train, RawImageSet Test) ReadRaw(string name, string folder) => name switch
    {
        "cifar10" => CifarReader.ReadCifar10(folder),
        "cifar100" => CifarReader.ReadCifar100(folder),
        _ => (ReadIdx(folder, "train"), ReadIdx(folder, "t10k")),
    };

    private static RawImageSet ReadIdx(string folder, string split) =>
        IdxReader.ReadSet(
            DatasetLayout.RequireFile(folder, $"{split}-images-idx3-ubyte"),
            DatasetLayout.RequireFile(folder, $"{split}-labels-idx1-ubyte"));

    private static void RequireImages(RawImageSet set, string name, string folder, string split)
    {
        // A run would train on nothing or report 0 % on nothing: refuse it before anything trains.
        if (set.Count == 0)
        {
            throw new DatasetException($"{name}: the {split} set in '{folder}' holds 0 images; a run needs at least one.");
        }
    }

    private static RawImageSet Subset(RawImageSet set, int? max, Random random)
    {
        if (max is null || max >= set.Count)
        {
            return set;
        }

        var order = Enumerable.Range(0, set.Count).ToArray();
        random.Shuffle(order);
        var chosen = order[..max.Value];
        Array.Sort(chosen);
        return set.Select(chosen);
    }

    private static (ImageDataset Train, ImageDataset Test) Synthetic(int seed, int? maxTrain, int? maxTest)
    {
        var trainCount = Math.Min(SyntheticTrainCount, maxTrain ?? int.MaxValue);
        var testCount = Math.Min(SyntheticTestCount, maxTest ?? int.MaxValue);

        // Train and test must share the class prototypes, so both come from one generated set.
        using var all = SyntheticDataset.Create(trainCount + testCount, new ImageShape(1, 28, 28), 10, seed);
        return (Rows(all, 0, trainCount, "synthetic"), Rows(all, trainCount, testCount, "synthetic-test"));
    }

    private static ImageDataset Rows(ImageDataset source, int start, int count, string name)
    {
        var indices = Enumerable.Range(start, count).ToArray();
        var labels = indices.Select(i => source.Labels[i]).ToArray();
        return new ImageDataset(name, source.Images(indices), labels, source.ClassCount);
    }
}
