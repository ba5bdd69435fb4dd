namespace ScaleFL.Core.Data;

/// <summary>
/// How one dataset lies on disk: the folder names it goes by and the files a folder must hold
/// (each may also be present gzip-compressed, with <c>.gz</c> appended).
/// </summary>
/// <param name="DisplayName">Name for messages, for example <c>Fashion-MNIST</c>.</param>
/// <param name="FolderNames">Folder names, the first being the conventional one under <c>./data</c>.</param>
/// <param name="RequiredFiles">Files the folder must hold: the training files first, then <paramref name="TestFileCount"/> test files.</param>
/// <param name="DebianPackage">Debian package installing the dataset under
/// <see cref="DatasetLocator.SystemRoot"/>, or null when there is none.</param>
/// <param name="TestFileCount">How many of the last <paramref name="RequiredFiles"/> hold the test split.</param>
public sealed record DatasetLayout(
    string DisplayName, IReadOnlyList<string> FolderNames, IReadOnlyList<string> RequiredFiles, string? DebianPackage, int TestFileCount)
{
    /// <summary>
    /// The same layout requiring only the training files: what a device needs, which never
    /// evaluates and may hold nothing but its own training data.
    /// </summary>
    public DatasetLayout TrainingOnly() =>
        this with { RequiredFiles = RequiredFiles.Take(RequiredFiles.Count - TestFileCount).ToArray(), TestFileCount = 0 };

    private static readonly string[] IdxFiles =
    [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ];

    /// <summary>Fashion-MNIST IDX files; Debian ships them in <c>dataset-fashion-mnist</c>.</summary>
    public static DatasetLayout FashionMnist { get; } =
        new("Fashion-MNIST", ["fashion-mnist"], IdxFiles, "dataset-fashion-mnist", TestFileCount: 2);

    /// <summary>MNIST IDX files (no Debian package).</summary>
    public static DatasetLayout Mnist { get; } = new("MNIST", ["mnist"], IdxFiles, null, TestFileCount: 2);

    /// <summary>CIFAR-10 binary version, as unpacked from <c>cifar-10-binary.tar.gz</c>.</summary>
    public static DatasetLayout Cifar10 { get; } = new(
        "CIFAR-10",
        ["cifar10", "cifar-10-batches-bin"],
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"],
        null,
        TestFileCount: 1);

    /// <summary>CIFAR-100 binary version, as unpacked from <c>cifar-100-binary.tar.gz</c>.</summary>
    public static DatasetLayout Cifar100 { get; } =
        new("CIFAR-100", ["cifar100", "cifar-100-binary"], ["train.bin", "test.bin"], null, TestFileCount: 1);

    /// <summary>
    /// The path of <paramref name="fileName"/> in <paramref name="folder"/>, plain or with
    /// <c>.gz</c> appended (plain wins), or null when neither exists.
    /// </summary>
    public static string? FindFile(string folder, string fileName)
    {
        var plain = Path.Combine(folder, fileName);
        if (File.Exists(plain))
        {
            return plain;
        }

        var compressed = plain + ".gz";
        return File.Exists(compressed) ? compressed : null;
    }

    /// <summary>Like <see cref="FindFile"/>, but a missing file is a <see cref="DatasetException"/>.</summary>
    public static string RequireFile(string folder, string fileName) =>
        FindFile(folder, fileName)
        ?? throw new DatasetException($"Neither '{Path.Combine(folder, fileName)}' nor its .gz form exists.");

    /// <summary>The required files missing from <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> MissingFiles(string folder) =>
        RequiredFiles.Where(file => FindFile(folder, file) is null).ToList();
}
