namespace ProbSig.Empirics.Corpus;

/// <summary>
/// What a corpus is, as data: the kind of source and its selection, without reading
/// anything. <see cref="Id"/> names it wherever a corpus is named (messages, the id of a
/// tokenizer trained on it, counts headers), and is built only here, so every entry point
/// names one corpus one way. Reading options that do not change the documents (strictness,
/// where the Brown package is unpacked) are not part of it: they come with <see cref="Open"/>.
/// </summary>
public abstract record SourceDescription
{
    /// <summary>The corpus's name, e.g. "brown", "brown:news", "pile:00.jsonl.zst:Github" or a path.</summary>
    public abstract string Id { get; }

    /// <summary>A source that streams this corpus's documents.</summary>
    public abstract ICorpusSource Open(CorpusOptions? options = null);

    /// <summary>The selected names (genres or subsets) in one canonical order: ordinal, each
    /// once; empty keeps all. Two selections of the same names are one corpus.</summary>
    private protected static string[] Canonical(IEnumerable<string>? names) =>
        names is null ? [] : names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>"prefix" alone, or "prefix:A,B" for a selection.</summary>
    private protected static string WithSelection(string prefix, IReadOnlyList<string> selection) =>
        selection.Count == 0 ? prefix : prefix + ":" + string.Join(',', selection);

    /// <inheritdoc />
    public sealed override string ToString() => Id;
}
