using System.Text;

namespace ScaleFL.Core.Data;

/// <summary>
/// Finds a dataset's folder. Places are tried in this order, and the first holding every
/// required file wins:
/// <list type="number">
/// <item>an explicit path (the <c>--data</c> option) - when given, it is the only place tried, so
/// a mistyped path is an error and never silently replaced by another copy;</item>
/// <item>the folder in the <c>SCALEFL_DATA</c> environment variable;</item>
/// <item><c>./data/&lt;name&gt;</c> under the working directory;</item>
/// <item><c>/usr/share/datasets/&lt;name&gt;</c>, where Debian packages install datasets.</item>
/// </list>
/// An explicit path or <c>SCALEFL_DATA</c> may name the dataset folder itself or a folder holding
/// it under one of its <see cref="DatasetLayout.FolderNames"/>.
/// </summary>
public sealed class DatasetLocator
{
    /// <summary>Environment variable naming a data folder.</summary>
    public const string EnvironmentVariable = "SCALEFL_DATA";

    /// <summary>Where Debian's dataset packages install.</summary>
    public const string SystemRoot = "/usr/share/datasets";

    private readonly Func<string, string?> environment;
    private readonly string workingDirectory;
    private readonly string systemRoot;

    /// <summary>
    /// A locator reading the environment through <paramref name="environment"/> and resolving
    /// <c>./data</c> against <paramref name="workingDirectory"/>; both are parameters so tests can
    /// drive them.
    /// </summary>
    public DatasetLocator(Func<string, string?> environment, string workingDirectory, string systemRoot = SystemRoot)
    {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.systemRoot = systemRoot;
    }

    /// <summary>The process's environment and working directory.</summary>
    public static DatasetLocator Default =>
        new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    /// <summary>The places <see cref="Locate"/> tries, in order.</summary>
    public IReadOnlyList<string> Candidates(DatasetLayout layout, string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return WithSubfolders(layout, explicitPath);
        }

        var places = new List<string>();
        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            places.AddRange(WithSubfolders(layout, fromEnvironment));
        }

        places.Add(Path.Combine(workingDirectory, "data", layout.FolderNames[0]));
        places.AddRange(layout.FolderNames.Select(name => Path.Combine(systemRoot, name)));
        return places;
    }

    /// <summary>The first candidate folder holding every required file.</summary>
    public string Locate(DatasetLayout layout, string? explicitPath)
    {
        var candidates = Candidates(layout, explicitPath);
        var found = candidates.FirstOrDefault(place => Directory.Exists(place) && layout.MissingFiles(place).Count == 0);
        return found ?? throw new DatasetException(NotFoundMessage(layout, explicitPath, candidates));
    }

    private static List<string> WithSubfolders(DatasetLayout layout, string root) =>
        [root, .. layout.FolderNames.Select(name => Path.Combine(root, name))];

    private static string NotFoundMessage(DatasetLayout layout, string? explicitPath, IReadOnlyList<string> candidates)
    {
        var message = new StringBuilder($"{layout.DisplayName} not found. Looked in:");
        foreach (var place in candidates)
        {
            var problem = Directory.Exists(place)
                ? "missing " + string.Join(", ", layout.MissingFiles(place).Select(file => file + "[.gz]"))
                : "no such folder";
            message.Append($"\n  {place} ({problem})");
        }

        message.Append(string.IsNullOrWhiteSpace(explicitPath)
            ? $"\nPass --data <folder> or set {EnvironmentVariable} to a folder holding {string.Join(", ", layout.RequiredFiles)}."
            : $"\nThe --data path is the only place tried when given; check it, or drop it to use {EnvironmentVariable} and the defaults.");
        message.Append(layout.DebianPackage is null
            ? $"\n{layout.DisplayName} has no Debian package: download it and unpack it into one of these folders."
            : $"\nOn Debian: apt-get install {layout.DebianPackage}");
        return message.ToString();
    }
}
