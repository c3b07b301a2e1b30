namespace PolicyEngine.Ml.Data;

/// <summary>
/// Thrown when an IDX file or a set of them is not valid MNIST data. The message names the file,
/// what is wrong with it and what to do next.
/// </summary>
public sealed class IdxFormatException : Exception
{
    public IdxFormatException(string filePath, string message, Exception? innerException = null)
        : base($"{filePath}: {message}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Path of the file that failed the check.</summary>
    public string FilePath { get; }
}
