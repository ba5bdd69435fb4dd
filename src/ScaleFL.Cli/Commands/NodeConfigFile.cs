using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Transport;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Reads a node's <c>--config</c> HOCON file strictly. Akka's parser is lenient: it accepts
/// unbalanced brackets and returns an empty configuration for text that is not HOCON at all, and
/// a value of the wrong type surfaces only when it is first read, as a stack trace. Here each of
/// those is one <see cref="ExperimentException"/> naming the file (and the line or key) before the node starts,
/// as is a transfer setting the node would refuse (<see cref="TransferSettings.ForNode"/>).
/// </summary>
internal static class NodeConfigFile
{
    /// <summary>Keys the node reads that the defaults leave unset, with an example of their type.</summary>
    private static readonly (string Key, string Value)[] NodeKeys = [("akka.remote.dot-netty.tcp.port", "4053")];

    /// <summary>Keys a node once read and no longer does, with where the setting went.</summary>
    private static readonly Dictionary<string, string> RetiredKeys = new(StringComparer.Ordinal)
    {
        ["scalefl.client.batch-size"] = "the server decides the batch size of every round and sends it with the task",
    };

    /// <summary>
    /// The file over <paramref name="defaults"/>; every key the defaults define must keep its type.
    /// A <c>scalefl.*</c> key no node reads (a typo, a retired key) is named through
    /// <paramref name="warn"/> rather than silently ignored.
    /// </summary>
    public static Config Load(string path, Config defaults, Action<string> warn)
    {
        var text = Core.Files.InputFile.ReadText(path, "config:");
        Config parsed;
        try
        {
            CheckBrackets(text);
            parsed = ConfigurationFactory.ParseString(text);
        }
        catch (Exception error) when (error is ConfigurationException or FormatException)
        {
            throw new ExperimentException($"config: '{path}' is not valid HOCON: {error.Message}", error);
        }

        if (parsed.IsEmpty && HasContent(text))
        {
            throw new ExperimentException($"config: '{path}' is not valid HOCON: no setting could be read from it.");
        }

        var known = defaults.WithFallback(TransportConfig.Default);
        foreach (var (key, _) in Leaves(parsed.Root, string.Empty).Where(leaf => leaf.Key.StartsWith("scalefl.", StringComparison.Ordinal) && !known.HasPath(leaf.Key)))
        {
            warn($"config: '{path}': {key} is ignored: {RetiredKeys.GetValueOrDefault(key, "no ScaleFL node reads it (misspelt?)")}.");
        }

        var merged = parsed.WithFallback(defaults);
        foreach (var (key, value) in Leaves(defaults.Root, string.Empty).Concat(NodeKeys.Where(key => parsed.HasPath(key.Key))))
        {
            CheckType(path, merged, key, value);
        }

        try
        {
            // The node checks these again as it starts (same rule); here they are refused before any data is loaded.
            TransferSettings.ForNode(merged.WithFallback(TransportConfig.Default));
        }
        catch (Runtime.Cluster.NodeConfigException error)
        {
            throw new ExperimentException($"config: '{path}': {error.Message}", error);
        }

        return merged;
    }

    private static void CheckType(string path, Config merged, string key, string defaultValue)
    {
        var (type, read) = Kind(defaultValue);
        if (read is null)
        {
            return;
        }

        try
        {
            read(merged, key);
        }
        catch (Exception error) when (error is FormatException or ConfigurationException or OverflowException or InvalidCastException)
        {
            var given = merged.HasPath(key) ? merged.GetString(key) : "(missing)";
            throw new ExperimentException($"config: '{path}': {key} = '{given}' is not allowed; allowed: {type}, e.g. {defaultValue}.", error);
        }
    }

    private static IEnumerable<(string Key, string Value)> Leaves(HoconValue value, string prefix)
    {
        if (value.IsObject())
        {
            foreach (var (name, child) in value.GetObject().Items)
            {
                foreach (var leaf in Leaves(child, prefix.Length == 0 ? name : $"{prefix}.{name}"))
                {
                    yield return leaf;
                }
            }
        }
        else if (value.IsString())
        {
            yield return (prefix, value.GetString());
        }
    }

    private static (string Type, Action<Config, string>? Read) Kind(string defaultValue)
    {
        if (int.TryParse(defaultValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return ("a whole number", (config, key) => config.GetInt(key));
        }

        if (defaultValue is "on" or "off" or "true" or "false")
        {
            return ("on or off", (config, key) => config.GetBoolean(key));
        }

        if (defaultValue.Length > 1 && char.IsDigit(defaultValue[0]) && char.IsLetter(defaultValue[^1]))
        {
            return ("a duration", (config, key) => config.GetTimeSpan(key));
        }

        return ("text", null);
    }

    /// <summary>Brackets and braces outside strings and comments must pair up.</summary>
    private static void CheckBrackets(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                i = SkipTo(text, i, "\n") - 1;
            }
            else if (c == '"')
            {
                i = text.AsSpan(i).StartsWith("\"\"\"") ? SkipTo(text, i + 3, "\"\"\"") + 2 : SkipTo(text, i + 1, "\"");
            }
            else if (c is '{' or '[')
            {
                open.Push((c, line));
            }
            else if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0 || open.Pop().Bracket != expected)
                {
                    throw new FormatException($"unexpected '{c}' on line {line}");
                }
            }
        }

        if (open.Count > 0)
        {
            var (bracket, at) = open.Peek();
            throw new FormatException($"'{bracket}' opened on line {at} is never closed");
        }

    }

    private static int SkipTo(string text, int from, string end)
    {
        var at = text.IndexOf(end, Math.Min(from, text.Length), StringComparison.Ordinal);
        return at < 0 ? text.Length : at;
    }

    private static bool HasContent(string text) =>
        text.Split('\n').Select(line => line.Trim()).Any(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal));
}
