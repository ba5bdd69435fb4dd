using System.CommandLine;
using Akka.Configuration;
using ScaleFL.Core.Experiments;
using ScaleFL.Runtime.Cluster;
using ScaleFL.Runtime.Security;

namespace ScaleFL.Cli.Commands;

/// <summary>
/// Where a cluster node listens, and its <c>--config</c> HOCON file. A flag outranks the file,
/// which outranks the built-in defaults (<see cref="ClusterDefaults"/>). With
/// <paramref name="computeDevice"/>, also where it trains (<c>--device</c>, <see cref="ComputeDevice"/>);
/// a command that has <see cref="ExperimentFlags"/> takes <c>--device</c> from those instead.
/// </summary>
internal sealed class NodeFlags(int defaultPort, bool computeDevice = true)
{
    private readonly DeviceFlag? device = computeDevice ? new() : null;
    private readonly Option<string?> host = new("--host") { Description = "Address to bind (default 127.0.0.1; 0.0.0.0 for every interface, then set --public-host)." };
    private readonly Option<int?> port = new("--port") { Description = $"TCP port to bind (default {defaultPort}{(defaultPort == 0 ? ": any free port" : string.Empty)})." };
    private readonly Option<string?> publicHost = new("--public-host") { Description = "Host name other nodes reach this one by (default --host)." };
    private readonly Option<FileInfo?> config = new("--config") { Description = "HOCON file (see cluster-config/) layered under the flags." };
    private readonly Option<FileInfo?> tlsCert = new("--tls-cert") { Description = "PKCS#12 (.pfx) certificate: node-to-node TLS on; nodes without it cannot connect (see docs/SECURITY.md)." };
    private readonly Option<string?> tlsPassword = new("--tls-password") { Description = "Password of --tls-cert (default $SCALEFL_TLS_PASSWORD, else empty)." };
    private readonly Option<string?> joinSecret = new("--join-secret") { Description = "Shared secret a client must know to register (default $SCALEFL_JOIN_SECRET; none when unset)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { host, port, publicHost, config, tlsCert, tlsPassword, joinSecret })
        {
            command.Options.Add(option);
        }

        device?.AddTo(command);
    }

    /// <summary>
    /// <c>--device</c>, checked against this process's libtorch (<paramref name="nativeLibraryDirectory"/>:
    /// the <c>--native-lib-dir</c> in use); resolve it before joining or loading data.
    /// </summary>
    public Core.Training.ComputeDevice ComputeDevice(ParseResult parse, string? nativeLibraryDirectory = null) =>
        device?.Resolve(parse, nativeLibraryDirectory)
        ?? throw new InvalidOperationException("These node flags were built without --device; it comes with the experiment flags.");

    /// <summary>The <c>--config</c> file over the defaults (the defaults alone without it).</summary>
    public Config Settings(ParseResult parse)
    {
        var defaults = ConfigurationFactory.ParseString(ClusterDefaults.Hocon);
        if (parse.GetValue(config) is not { } file)
        {
            return defaults;
        }

        // Missing, a directory, a device or too large: one line each (InputFile).
        return NodeConfigFile.Load(file.FullName, defaults, warning => Console.Error.WriteLine($"scalefl: {warning}"));
    }

    /// <summary>The node's options: flags, else the file's <c>akka.remote.dot-netty.tcp</c> keys, else the defaults.</summary>
    public NodeOptions Resolve(ParseResult parse, Config settings, string role, IReadOnlyList<string> seeds)
    {
        var options = new NodeOptions
        {
            Host = parse.GetValue(host) ?? FileString(settings, "akka.remote.dot-netty.tcp.hostname") ?? "127.0.0.1",
            Port = parse.GetValue(port) ?? (settings.HasPath("akka.remote.dot-netty.tcp.port") ? settings.GetInt("akka.remote.dot-netty.tcp.port") : defaultPort),
            PublicHost = parse.GetValue(publicHost) ?? FileString(settings, "akka.remote.dot-netty.tcp.public-hostname"),
            SeedNodes = seeds,
            Roles = [role],
            Config = settings,
            TlsCertificatePath = TlsCertificate(parse),
            TlsPassword = parse.GetValue(tlsPassword) ?? Environment.GetEnvironmentVariable("SCALEFL_TLS_PASSWORD") ?? string.Empty,
        };
        try
        {
            return options.Validate();
        }
        catch (ArgumentException error)
        {
            // One line: without the type's prefix and .NET's "(Parameter '...')" suffix.
            var line = error.Message.Replace("NodeOptions.", string.Empty, StringComparison.Ordinal).Replace($" (Parameter '{error.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new ExperimentException(line, error);
        }
    }

    /// <summary>The join secret itself from the flag or the environment (for processes this one starts); null without a secret.</summary>
    public string? JoinSecretText(ParseResult parse) => JoinSecret.Resolve(parse.GetValue(joinSecret));

    /// <summary>True when any of these flags was given on the command line.</summary>
    public bool AnyGiven(ParseResult parse) =>
        new Option[] { host, port, publicHost, config, tlsCert, tlsPassword, joinSecret }.Any(option => parse.GetResult(option) is { Implicit: false });

    /// <summary>The join secret's token (<see cref="JoinSecret.Token"/>) from the flag or the environment; null without a secret.</summary>
    public string? JoinToken(ParseResult parse) =>
        JoinSecret.Resolve(parse.GetValue(joinSecret)) is { } secret ? JoinSecret.Token(secret) : null;

    private string? TlsCertificate(ParseResult parse)
    {
        if (parse.GetValue(tlsCert) is not { } file)
        {
            return null;
        }

        return file.Exists ? file.FullName : throw new ExperimentException($"tls-cert: '{file.FullName}' does not exist.");
    }

    private static string? FileString(Config settings, string path) =>
        settings.HasPath(path) && settings.GetString(path) is { Length: > 0 } value ? value : null;
}
