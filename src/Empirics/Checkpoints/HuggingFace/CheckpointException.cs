namespace ProbSig.Empirics.Checkpoints.HuggingFace;

/// <summary>
/// A checkpoint folder that cannot be loaded or written; the message names the folder or
/// file (and the tensor, where one is at fault) and what is wrong.
/// </summary>
public sealed class CheckpointException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    /// <summary>The folder or file at fault.</summary>
    public string Path { get; } = path;
}
