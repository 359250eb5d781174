namespace ProbSig.Empirics.Corpus;

/// <summary>One document of a corpus: the unit inside which next- and previous-token
/// contexts are counted (contexts never cross a document boundary).</summary>
/// <param name="Id">Where it came from, e.g. "brown/ca01", "file.txt", "00.jsonl.zst:1234".</param>
/// <param name="Subset">Its subset (Brown genre, Pile set name, or "" where the source has none).</param>
/// <param name="Text">The text. For Brown, words are separated by single spaces, sentences by
/// "\n" and paragraphs by "\n\n", so splitting on whitespace yields exactly the tagged words.</param>
/// <param name="Tags">Part-of-speech tags aligned with the whitespace-separated words of
/// <paramref name="Text"/>, where the source is tagged (Brown); null otherwise.</param>
public sealed record CorpusDocument(string Id, string Subset, string Text, IReadOnlyList<string>? Tags = null);
