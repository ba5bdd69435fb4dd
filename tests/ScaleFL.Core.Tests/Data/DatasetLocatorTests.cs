using ScaleFL.Core.Data;

namespace ScaleFL.Core.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private readonly DataFiles files = new();

    public void Dispose() => files.Dispose();

    private string Work => files.PathOf("work");

    private string SystemRoot => files.PathOf("system");

    [Fact]
    public void Explicit_path_wins_over_environment_and_defaults()
    {
        PlaceFashionMnist("explicit");
        PlaceFashionMnist("env");
        PlaceFashionMnist("work/data/fashion-mnist");

        var found = Locator(environment: files.PathOf("env")).Locate(DatasetLayout.FashionMnist, files.PathOf("explicit"));

        Assert.Equal(files.PathOf("explicit"), found);
    }

    [Fact]
    public void Environment_folder_wins_over_working_directory_and_system_folder()
    {
        PlaceFashionMnist("env/fashion-mnist");
        PlaceFashionMnist("work/data/fashion-mnist");
        PlaceFashionMnist("system/fashion-mnist");

        var found = Locator(environment: files.PathOf("env")).Locate(DatasetLayout.FashionMnist, null);

        Assert.Equal(files.PathOf("env/fashion-mnist"), found);
    }

    [Fact]
    public void Working_directory_data_folder_wins_over_system_folder()
    {
        PlaceFashionMnist("work/data/fashion-mnist");
        PlaceFashionMnist("system/fashion-mnist");

        var found = Locator(environment: null).Locate(DatasetLayout.FashionMnist, null);

        Assert.Equal(Path.Combine(Work, "data", "fashion-mnist"), found);
    }

    [Fact]
    public void System_folder_is_the_last_resort()
    {
        PlaceFashionMnist("system/fashion-mnist");

        var found = Locator(environment: files.PathOf("nowhere")).Locate(DatasetLayout.FashionMnist, null);

        Assert.Equal(Path.Combine(SystemRoot, "fashion-mnist"), found);
    }

    [Fact]
    public void Folder_missing_one_file_is_passed_over()
    {
        PlaceFashionMnist("work/data/fashion-mnist");
        File.Delete(files.PathOf("work/data/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        PlaceFashionMnist("system/fashion-mnist");

        var found = Locator(environment: null).Locate(DatasetLayout.FashionMnist, null);

        Assert.Equal(Path.Combine(SystemRoot, "fashion-mnist"), found);
    }

    [Fact]
    public void Not_found_lists_every_place_looked_and_the_debian_package()
    {
        Directory.CreateDirectory(Path.Combine(Work, "data", "fashion-mnist"));
        var locator = Locator(environment: files.PathOf("env"));

        var error = Assert.Throws<DatasetException>(() => locator.Locate(DatasetLayout.FashionMnist, null));

        Assert.Equal(
            [files.PathOf("env"), files.PathOf("env/fashion-mnist"), Path.Combine(Work, "data", "fashion-mnist"), Path.Combine(SystemRoot, "fashion-mnist")],
            locator.Candidates(DatasetLayout.FashionMnist, null));
        foreach (var place in locator.Candidates(DatasetLayout.FashionMnist, null))
        {
            Assert.Contains($"\n  {place} (", error.Message, StringComparison.Ordinal);
        }

        Assert.StartsWith("Fashion-MNIST not found. Looked in:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mistyped_explicit_path_is_an_error_even_when_defaults_hold_the_data()
    {
        PlaceFashionMnist("system/fashion-mnist");
        var typo = files.PathOf("typo");

        var error = Assert.Throws<DatasetException>(
            () => Locator(environment: null).Locate(DatasetLayout.FashionMnist, typo));

        Assert.Contains($"\n  {typo} (no such folder)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SystemRoot, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_file_is_preferred_to_its_gzip_form()
    {
        files.Write("both/train.bin", [1]);
        files.Write("both/train.bin.gz", [2]);
        files.Write("gz-only/train.bin.gz", [3]);

        Assert.Equal(files.PathOf("both/train.bin"), DatasetLayout.FindFile(files.PathOf("both"), "train.bin"));
        Assert.Equal(files.PathOf("gz-only/train.bin.gz"), DatasetLayout.FindFile(files.PathOf("gz-only"), "train.bin"));
        Assert.Null(DatasetLayout.FindFile(files.PathOf("gz-only"), "test.bin"));
    }

    private DatasetLocator Locator(string? environment) =>
        new(name => name == DatasetLocator.EnvironmentVariable ? environment : null, Work, SystemRoot);

    private void PlaceFashionMnist(string folder) => files.WriteIdxDataset(folder, [1, 2], [3], gzip: true);
}
