using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScaleFL.Core.Experiments;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// One command-line flag and the <see cref="ExperimentOptions"/> field it sets. System.CommandLine
/// parses and types the value; a given flag writes it into the experiment's JSON document under the
/// field's camelCase name, and <see cref="ExperimentFile.Bind"/> binds the whole document at once.
/// </summary>
/// <param name="Option">The flag.</param>
/// <param name="Field">The <see cref="ExperimentOptions"/> property it sets (use <c>nameof</c>).</param>
internal sealed record ExperimentFlag(Option Option, string Field)
{
    // NaN and infinities pass through to ExperimentValidator, which names the field; JSON alone cannot write them.
    private static readonly JsonSerializerOptions Values = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A flag of type <typeparamref name="T"/> (nullable for value types, so an absent flag is told apart).</summary>
    public static ExperimentFlag Of<T>(string name, string field, string description) =>
        new(new Option<T>(name) { Description = description }, field);

    /// <summary>A comma-separated list of numbers, e.g. <c>0.5,0.35,0.2,0.05</c>.</summary>
    public static ExperimentFlag Numbers(string name, string field, string description) =>
        new(new Option<double[]?>(name) { Description = description, CustomParser = result => ParseNumbers(result, JsonNamingPolicy.CamelCase.ConvertName(field)) }, field);

    /// <summary>Writes the flag's value into <paramref name="document"/> when the command line gave it.</summary>
    public void ApplyTo(JsonObject document, ParseResult parse)
    {
        if (parse.GetResult(Option) is { Implicit: false } given)
        {
            // Files match field names ignoring case, so "Rounds" in a file must not outlive --rounds.
            foreach (var spelled in document.Select(entry => entry.Key).Where(key => key.Equals(Field, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                document.Remove(spelled);
            }

            document[JsonNamingPolicy.CamelCase.ConvertName(Field)] = JsonSerializer.SerializeToNode(given.GetValueOrDefault<object?>(), Values);
        }
    }

    private static double[]? ParseNumbers(System.CommandLine.Parsing.ArgumentResult result, string field)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(",", result.Tokens.Select(token => token.Value));
        try
        {
            return text.Split(',', StringSplitOptions.TrimEntries).Select(value => double.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            result.AddError($"{field}: '{text}' is not a comma-separated list of numbers, e.g. 0.5,0.35,0.2,0.05.");
            return null;
        }
    }
}
