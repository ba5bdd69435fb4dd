namespace ScaleFL.Core.Experiments;

/// <summary>
/// A problem with the experiment's configuration or inputs that the user can fix: the message
/// names the field or file and says what is allowed. The CLI prints it as one line (exit code 2).
/// </summary>
public sealed class ExperimentException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public ExperimentException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and its cause.</summary>
    public ExperimentException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public ExperimentException()
    {
    }
}
