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

        var source = Describe(name);
        var folder = DatasetLocator.Default.Locate(source.Layout, dataPath);
        var (train, test) = ReadRaw(name, folder);
        RequireImages(train, name, folder, "training");
        RequireImages(test, name, folder, "test");
        var random = new Random(seed);
        train = Subset(train, maxTrain, random);
        test = Subset(test, maxTest, random);
        return (source.Normalization.Apply(train, name, source.ClassCount), source.Normalization.Apply(test, name + "-test", source.ClassCount));
    }

    /// <summary>
    /// Loads only the training images a device keeps: the same seeded subset as <see cref="Load"/>
    /// (so row i here is row <c>rows[i]</c> of <see cref="Load"/>'s training set), then the rows
    /// <paramref name="chooseRows"/> picks from the labels (indices into that set, in the order
    /// returned). Only those rows are normalized to floats, and the test split is neither required nor read: a
    /// device holding 1/N of Fashion-MNIST keeps 1/N of its 188 MB of floats, not all of it.
    /// </summary>
    /// <param name="name">A name of <see cref="Names"/>.</param>
    /// <param name="dataPath">The explicit <c>--data</c> folder, or null for the usual places.</param>
    /// <param name="seed">Seed of the <paramref name="maxTrain"/> subset, as in <see cref="Load"/>.</param>
    /// <param name="maxTrain">Training samples kept before choosing, or null for all.</param>
    /// <param name="chooseRows">Given the labels (by row) and the class count, the rows to keep.</param>
    /// <exception cref="DatasetException">Unknown name, missing or malformed files, or an empty set.</exception>
    public static ImageDataset LoadTrainingRows(
        string name, string? dataPath, int seed, int? maxTrain, Func<IReadOnlyList<long>, int, IReadOnlyList<int>> chooseRows)
    {
        ArgumentNullException.ThrowIfNull(chooseRows);
        if (maxTrain < 1)
        {
            throw new DatasetException($"maxTrain must be at least 1 when given, got {maxTrain}.");
        }

        if (name == "synthetic")
        {
            var (train, test) = Synthetic(seed, maxTrain, maxTest: null);
            using (train)
            using (test)
            {
                return Rows(train, chooseRows(train.Labels, train.ClassCount), "synthetic");
            }
        }

        var source = Describe(name);
        var folder = LocateTraining(name, dataPath);
        var raw = ReadRawTraining(name, folder);
        RequireImages(raw, name, folder, "training");
        raw = Subset(raw, maxTrain, new Random(seed));
        var labels = raw.Labels.Select(label => (long)label).ToArray();
        return source.Normalization.Apply(raw.Select(chooseRows(labels, source.ClassCount)), name, source.ClassCount);
    }

    /// <summary>
    /// The folder holding <paramref name="name"/>'s training files (test files not needed), looking
    /// only in <paramref name="dataPath"/> when given, else in the usual places (<see cref="DatasetLocator"/>).
    /// </summary>
    /// <exception cref="DatasetException">Unknown or synthetic name, or no folder holds the files; the message lists where it looked.</exception>
    public static string LocateTraining(string name, string? dataPath) =>
        DatasetLocator.Default.Locate(Describe(name).Layout.TrainingOnly(), dataPath);

    private static (DatasetLayout Layout, Normalization Normalization, int ClassCount) Describe(string name) => name switch
    {
        "fashion-mnist" => (DatasetLayout.FashionMnist, Normalization.FashionMnist, 10),
        "mnist" => (DatasetLayout.Mnist, Normalization.Mnist, 10),
        "cifar10" => (DatasetLayout.Cifar10, Normalization.Cifar10, 10),
        "cifar100" => (DatasetLayout.Cifar100, Normalization.Cifar100, 100),
        _ => throw new DatasetException($"Unknown dataset '{name}'. Allowed: {string.Join(", ", Names)}."),
    };

    private static RawImageSet ReadRawTraining(string name, string folder) => name switch
    {
        "cifar10" => CifarReader.ReadCifar10Training(folder),
        "cifar100" => CifarReader.ReadCifar100File(DatasetLayout.RequireFile(folder, "train.bin")),
        _ => ReadIdx(folder, "train"),
    };

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

    private static ImageDataset Rows(ImageDataset source, int start, int count, string name) =>
        Rows(source, Enumerable.Range(start, count).ToArray(), name);

    private static ImageDataset Rows(ImageDataset source, IReadOnlyList<int> rows, string name)
    {
        var indices = rows.ToArray();
        var labels = indices.Select(i => source.Labels[i]).ToArray();
        return new ImageDataset(name, source.Images(indices), labels, source.ClassCount);
    }
}
