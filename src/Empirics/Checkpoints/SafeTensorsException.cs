namespace ProbSig.Empirics.Checkpoints;

/// <summary>
/// A safetensors file that cannot be read or written; the message names the file and,
/// where one is at fault, the tensor.
/// </summary>
public sealed class SafeTensorsException : Exception
{
    public SafeTensorsException(string file, string? tensor, string problem, Exception? inner = null)
        : base(tensor is null ? $"{file}: {problem}" : $"{file}: tensor '{tensor}': {problem}", inner)
    {
        File = file;
        Tensor = tensor;
        Problem = tensor is null ? problem : $"tensor '{tensor}': {problem}";
    }

    /// <summary>The message without the file name in front.</summary>
    public string Problem { get; }

    /// <summary>The file at fault.</summary>
    public string File { get; }

    /// <summary>The tensor at fault, or null when the file as a whole is.</summary>
    public string? Tensor { get; }
}
