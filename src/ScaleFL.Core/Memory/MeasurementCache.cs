using System.Globalization;
using System.Text;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Memory;

/// <summary>
/// Measured byte counts kept on disk, one small file per key, so a device measures a (model,
/// stage or sub-model, batch) once per library version, not once per process. Keys are built by
/// <see cref="StageKey"/> and <see cref="FrameworkKey"/>; a file that cannot be read back as
/// a number counts as missing and is measured again.
/// </summary>
public sealed class MeasurementCache
{
    /// <summary>Creates a cache in <paramref name="directory"/> (created on first write).</summary>
    public MeasurementCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>Where the files live.</summary>
    public string Directory { get; }

    /// <summary>
    /// The default place: <c>$SCALEFL_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/scalefl/memory</c>,
    /// else <c>~/.cache/scalefl/memory</c>.
    /// </summary>
    public static MeasurementCache Default()
    {
        var configured = Environment.GetEnvironmentVariable("SCALEFL_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new MeasurementCache(configured);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return new MeasurementCache(Path.Combine(root, "scalefl", "memory"));
    }

    /// <summary>The libraries whose allocations a measurement depends on, as part of every key.</summary>
    public static string LibraryVersion { get; } = string.Create(CultureInfo.InvariantCulture,
        $"torchsharp-{typeof(TorchSharp.torch).Assembly.GetName().Version}-dotnet-{Environment.Version}");

    /// <summary>
    /// The key of one stage's measured peak (stage -1: the full model), with the sub-model's width
    /// (<c>-w0.25</c>) or depth (<c>-d2</c>) when the request names one: each is measured on its own.
    /// </summary>
    public static string StageKey(MemoryProbeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subModel = request.SubModel switch
        {
            { Depth: { } depth } => string.Create(CultureInfo.InvariantCulture, $"-d{depth}"),
            { } width => string.Create(CultureInfo.InvariantCulture, $"-w{width.WidthRatio:R}"),
            null => string.Empty,
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"stage-{request.ModelName}-s{request.Stage}{subModel}-b{request.BatchSize}-h{(request.Harmonizer ? 1 : 0)}-{LibraryVersion}");
    }

    /// <summary>The key of <see cref="FrameworkOverhead"/>.</summary>
    public static string FrameworkKey() => $"framework-{LibraryVersion}";

    /// <summary>The cached value of <paramref name="key"/>, or null.</summary>
    public long? TryGet(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        // A value file that is not a small regular file is no cached value: measured again and replaced.
        string text;
        try
        {
            text = InputFile.ReadText(path, "Cached measurement", maxBytes: 64, line => new IOException(line)).Trim();
        }
        catch (IOException)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The cached value, or <paramref name="measure"/>'s result, stored before it is returned.</summary>
    public long GetOrMeasure(string key, Func<long> measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (TryGet(key) is { } cached)
        {
            return cached;
        }

        var value = measure();
        System.IO.Directory.CreateDirectory(Directory);

        // Write then rename, so a device killed mid-write never leaves a half number behind.
        var path = PathOf(key);
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(temporary, value.ToString(CultureInfo.InvariantCulture), Encoding.ASCII);
        File.Move(temporary, path, overwrite: true);
        return value;
    }

    private string PathOf(string key)
    {
        var safe = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
        return Path.Combine(Directory, safe + ".txt");
    }
}
