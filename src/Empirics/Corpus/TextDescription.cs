namespace ProbSig.Empirics.Corpus;

/// <summary>Plain UTF-8 text (<see cref="TextSource"/>): a file or every *.txt under a folder.</summary>
/// <param name="Path">The file or folder as given (it is read when opened).</param>
/// <param name="Split">How a file is cut into documents. Not part of <see cref="Id"/>, which
/// names the text; no command line spelling sets it.</param>
public sealed record TextDescription(string Path, TextSplit Split = TextSplit.File) : SourceDescription
{
    /// <summary>The file or folder as given.</summary>
    public string Path { get; } = !string.IsNullOrWhiteSpace(Path) ? Path
        : throw new ArgumentException("a text corpus needs a file or folder path; got an empty one", nameof(Path));

    /// <inheritdoc />
    public override string Id => Path;

    /// <inheritdoc />
    public override ICorpusSource Open(CorpusOptions? options = null) => new TextSource(this, options?.Strict ?? false);
}
