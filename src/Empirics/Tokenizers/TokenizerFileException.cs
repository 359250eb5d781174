namespace ProbSig.Empirics.Tokenizers;

/// <summary>A tokenizer file that cannot be used; the message names the file and what is wrong.</summary>
public sealed class TokenizerFileException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    public string File { get; } = file;
}
