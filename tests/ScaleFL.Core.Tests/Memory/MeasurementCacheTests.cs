using ScaleFL.Core.Memory;
using ScaleFL.Core.SubModels;

namespace ScaleFL.Core.Tests.Memory;

public sealed class MeasurementCacheTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("scalefl-cache-").FullName;

    [Fact]
    public void A_measured_figure_is_measured_once_and_read_back_afterwards()
    {
        var cache = new MeasurementCache(Path.Combine(directory, "memory"));
        var key = MeasurementCache.StageKey(new MemoryProbeRequest("small-resnet", 1, 64, true, 3));
        var measurements = 0;

        var first = cache.GetOrMeasure(key, () => ++measurements * 1000L);
        var second = new MeasurementCache(cache.Directory).GetOrMeasure(key, () => ++measurements * 1000L);

        Assert.Equal(1000L, first);
        Assert.Equal(1000L, second);
        Assert.Equal(1, measurements);
    }

    [Fact]
    public void Keys_differ_by_model_stage_sub_model_batch_and_harmonizer_and_name_the_library_version()
    {
        var keys = new[]
        {
            new MemoryProbeRequest("small-resnet", 1, 64, true, 3),
            new MemoryProbeRequest("resnet18", 1, 64, true, 3),
            new MemoryProbeRequest("small-resnet", 2, 64, true, 3),
            new MemoryProbeRequest("small-resnet", 1, 16, true, 3),
            new MemoryProbeRequest("small-resnet", 1, 64, false, 3),
            new MemoryProbeRequest("small-resnet", -1, 64, false, 3),
            new MemoryProbeRequest("small-resnet", -1, 64, false, 3) { SubModel = new SubModelSpec(0.25, WidthSlicing.Rolling) },
            new MemoryProbeRequest("small-resnet", -1, 64, false, 3) { SubModel = new SubModelSpec(0.5, WidthSlicing.Prefix) },
            new MemoryProbeRequest("small-resnet", 1, 64, false, 3) { SubModel = SubModelSpec.OfDepth(2) },
        }.Select(MeasurementCache.StageKey).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, key => Assert.EndsWith(MeasurementCache.LibraryVersion, key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_file_is_measured_again()
    {
        var cache = new MeasurementCache(directory);
        var key = MeasurementCache.FrameworkKey();
        cache.GetOrMeasure(key, () => 5);
        File.WriteAllText(Directory.GetFiles(directory).Single(), "12x");

        Assert.Null(cache.TryGet(key));
        Assert.Equal(7, cache.GetOrMeasure(key, () => 7));
    }

    [Fact]
    public void The_framework_line_round_trips_and_rejects_output_without_it()
    {
        Assert.Equal(123456L, FrameworkOverheadLine.Parse("noise\n" + FrameworkOverheadLine.Format(123456) + "\n"));
        Assert.Throws<FormatException>(() => FrameworkOverheadLine.Parse("memory-probe model=x"));
        Assert.Throws<FormatException>(() => FrameworkOverheadLine.Parse("framework-overhead bytes=-5"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
