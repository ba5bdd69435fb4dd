using System.Globalization;
using System.Text.Json;
using ScaleFL.Core.Files;

namespace ScaleFL.Core.Experiments;

/// <summary>
/// The figures a finished run's <c>summary.json</c> holds that a resumed run reads back: the final
/// evaluation, its rounds and its wall time (<see cref="RunFolder.Write"/> writes the file).
/// </summary>
/// <param name="Accuracy">Final test accuracy, 0..1.</param>
/// <param name="Loss">Final test loss.</param>
/// <param name="Rounds">Rounds the run did.</param>
/// <param name="WallSeconds">Wall time of every process of the run, in seconds.</param>
public sealed record SummaryFile(double Accuracy, double Loss, int Rounds, double WallSeconds)
{
    /// <summary>The file's name in a method's run folder.</summary>
    public const string Name = "summary.json";

    /// <summary>
    /// Reads <c>summary.json</c> in <paramref name="folder"/>. Throws <see cref="InvalidDataException"/>
    /// naming the file, and saying what to do, when it is missing or unreadable.
    /// </summary>
    public static SummaryFile Read(string folder)
    {
        var path = Path.Combine(folder, Name);
        if (!InputFile.IsPresent(path))
        {
            throw new InvalidDataException(
                $"{path}: missing, so the finished run's final figures cannot be read back; restore it, or run it again under another --name.");
        }

        try
        {
            using var summary = JsonDocument.Parse(InputFile.ReadText(path, "Summary", refuse: line => new InvalidDataException(line)));
            var root = summary.RootElement;
            return new SummaryFile(
                Number(root, "finalAccuracy"),
                Number(root, "finalTestLoss"),
                Field(root, "rounds").GetInt32(),
                Number(root, "wallSeconds"));
        }
        catch (Exception error) when (error is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(
                $"{path}: cannot read the finished run's final figures ({error.Message}); restore it, or run it again under another --name.", error);
        }
    }

    // RunFolder writes a NaN or infinite figure (a diverged run's test loss) as the JSON string "NaN", "Infinity" or "-Infinity".
    private static double Number(JsonElement root, string field)
    {
        var element = Field(root, field);
        return element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named) && !double.IsFinite(named)
            ? named
            : element.GetDouble();
    }

    private static JsonElement Field(JsonElement root, string field) =>
        root.TryGetProperty(field, out var element) ? element : throw new KeyNotFoundException($"it has no field '{field}'");
}
