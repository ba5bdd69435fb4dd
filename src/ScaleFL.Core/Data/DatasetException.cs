namespace ScaleFL.Core.Data;

/// <summary>
/// A dataset could not be found, read or loaded: a missing or malformed file, an unknown dataset
/// or partitioner name. The message names the file or setting and what is wrong with it.
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException()
    {
    }

    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
