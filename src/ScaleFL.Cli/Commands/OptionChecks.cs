using System.CommandLine;
using System.CommandLine.Parsing;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Cluster;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Checks every command's options share, added once to the whole command tree: a number option
/// given NaN or an infinity is a parse error (one line, exit code 2) before anything runs. Values
/// that overflow their type are already parse errors; ranges are each command's validation, with
/// the checks several commands share here (timeouts in seconds, seed-node addresses).
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
                    number.Validators.Add(result => RequireFinite(result, Converted(() => result.GetValueOrDefault<double>())));
                    break;
                case Option<double?> optional:
                    optional.Validators.Add(result => RequireFinite(result, Converted(() => result.GetValueOrDefault<double?>())));
                    break;
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            AddTo(subcommand);
        }
    }

    /// <summary>
    /// A timeout flag given in whole seconds (<c>--join-timeout</c>, <c>--rejoin-timeout</c>): at least 1,
    /// or <paramref name="fallback"/> (the node file's setting) when absent.
    /// </summary>
    /// <exception cref="ExperimentException">Zero or negative, naming <paramref name="flag"/>.</exception>
    public static TimeSpan Seconds(int? seconds, string flag, TimeSpan fallback) => seconds switch
    {
        null => fallback,
        > 0 => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new ExperimentException($"{flag}: '{seconds}' is not allowed; allowed: at least 1 second."),
    };

    /// <summary><c>--seed-node</c> as given, when it is an address a node can join; one line naming the flag and the form otherwise.</summary>
    /// <exception cref="ExperimentException">Not <c>akka.tcp://scalefl@HOST:PORT</c>.</exception>
    public static string SeedNode(string text) =>
        NodeOptions.IsSeedAddress(text)
            ? text
            : throw new ExperimentException($"seed-node: '{text}' is not allowed; allowed: akka.tcp://{ClusterNames.SystemName}@HOST:PORT (akka.ssl.tcp:// with TLS), the address the server prints.");

    // A value that is no number at all ('--lr fast') is already the parser's error; reading it here would throw past every handler.
    private static double? Converted(Func<double?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null;
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
