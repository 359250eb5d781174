namespace ProbSig.Empirics.Corpus;

/// <summary>JSON lines in the Pile's format (<see cref="PileSource"/>): a file or a folder, whole or some of its subsets.</summary>
public sealed record PileDescription : SourceDescription
{
    /// <param name="path">A .jsonl or .jsonl.zst file, or a folder of them (as given: it is read when opened).</param>
    /// <param name="subsets">Pile set names to keep; null or empty keeps all.</param>
    public PileDescription(string path, IEnumerable<string>? subsets = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Subsets = Canonical(subsets);
    }

    /// <summary>The file or folder as given.</summary>
    public string Path { get; }

    /// <summary>The kept subsets in ordinal order; empty keeps all.</summary>
    public IReadOnlyList<string> Subsets { get; }

    /// <inheritdoc />
    public override string Id => WithSelection("pile:" + Path, Subsets);

    /// <inheritdoc />
    public override ICorpusSource Open(CorpusOptions? options = null) => new PileSource(this, options?.Strict ?? false);

    /// <summary>The same path and subsets (a list compares by reference otherwise).</summary>
    public bool Equals(PileDescription? other) => other is not null && Path == other.Path && Subsets.SequenceEqual(other.Subsets);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);
}
