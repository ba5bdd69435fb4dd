namespace ScaleFL.Core.Files;

/// <summary>
/// A results or checkpoint file could not be written (disk full, permission, removed folder). The
/// message names the file and the cause in one line; the file's previous content is intact and no
/// temporary file is left behind (<see cref="AtomicFile"/>). The CLI ends the run with it.
/// </summary>
public sealed class OutputWriteException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> failing with <paramref name="cause"/>.</summary>
    public OutputWriteException(string path, Exception cause)
        : base($"could not write '{path}': {Cause(cause)}", cause)
    {
        Path = path;
    }

    /// <summary>Creates the exception with no file named.</summary>
    public OutputWriteException()
    {
        Path = string.Empty;
    }

    /// <summary>Creates the exception with a message and no file named.</summary>
    public OutputWriteException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    /// <summary>The file that could not be written.</summary>
    public string Path { get; }

    // .NET appends " : 'temporary path'" to an IOException's message; the target's name says it better.
    private static string Cause(Exception cause)
    {
        var message = cause.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
