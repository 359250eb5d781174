namespace ProbSig.Empirics.Corpus;

/// <summary>
/// A corpus read as a stream of documents, so a Pile-sized input never has to fit in memory.
/// Each enumeration starts a fresh pass and resets <see cref="Report"/>.
/// </summary>
public interface ICorpusSource
{
    /// <summary>A short name for messages and output metadata, e.g. "brown:news": the
    /// <see cref="SourceDescription.Id"/> of the corpus it reads.</summary>
    string Name { get; }

    /// <summary>What the latest pass read and skipped (with reasons and line numbers).</summary>
    CorpusReport Report { get; }

    /// <summary>Streams the documents in a deterministic order.</summary>
    /// <exception cref="CorpusException">A bad input under a strict policy, or one that
    /// cannot be skipped (a missing file, a truncated or corrupt zstd stream).</exception>
    IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default);
}
