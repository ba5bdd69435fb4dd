namespace ScaleFL.Runtime.Workers;

/// <summary>A simulation spread over workers ended because none is left to host its devices (<see cref="WorkerShortage"/>); the message is the one line for the user.</summary>
public sealed class WorkersGoneException : Exception
{
    /// <summary>The run ended for <paramref name="message"/>.</summary>
    public WorkersGoneException(string message)
        : base(message)
    {
    }

    /// <summary>Use the constructor with a message.</summary>
    public WorkersGoneException()
    {
    }

    /// <summary>The run ended for <paramref name="message"/>, raised by <paramref name="inner"/>.</summary>
    public WorkersGoneException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
