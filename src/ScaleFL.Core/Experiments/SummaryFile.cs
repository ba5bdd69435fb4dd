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
                root.GetProperty("finalAccuracy").GetDouble(),
                root.GetProperty("finalTestLoss").GetDouble(),
                root.GetProperty("rounds").GetInt32(),
                root.GetProperty("wallSeconds").GetDouble());
        }
        catch (Exception error) when (error is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(
                $"{path}: cannot read the finished run's final figures ({error.Message}); restore it, or run it again under another --name.", error);
        }
    }
}
