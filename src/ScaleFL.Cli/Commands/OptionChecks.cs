using System.CommandLine;
using System.CommandLine.Parsing;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Checks every command's options share, added once to the whole command tree: a number option
/// given NaN or an infinity is a parse error (one line, exit code 2) before anything runs. Values
/// that overflow their type are already parse errors; ranges are each command's validation.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Adds the checks to every number option of <paramref name="command"/> and its subcommands.</summary>
    public static void AddTo(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<double> number:
                    number.Validators.Add(result => RequireFinite(result, result.GetValueOrDefault<double>()));
                    break;
                case Option<double?> optional:
                    optional.Validators.Add(result => RequireFinite(result, result.GetValueOrDefault<double?>()));
                    break;
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            AddTo(subcommand);
        }
    }

    private static void RequireFinite(OptionResult result, double? value)
    {
        if (value is { } number && !double.IsFinite(number))
        {
            result.AddError($"{result.Option.Name.TrimStart('-')}: '{number.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace("∞", "Infinity", StringComparison.Ordinal)}' is not allowed; allowed: a finite number");
        }
    }
}
