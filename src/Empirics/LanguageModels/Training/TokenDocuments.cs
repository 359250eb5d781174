namespace ProbSig.Empirics.LanguageModels.Training;

/// <summary>
/// A tokenized corpus kept as one id array per document. Training windows are cut from
/// inside one document (<see cref="TrainingWindows"/>), so a model never learns to follow
/// the last token of one document with the first token of the next (THEORY 3.4). The ids
/// come from a corpus pipeline (<see cref="Corpus.Pipeline.CorpusPipeline.TokenIds"/>).
/// </summary>
public sealed class TokenDocuments
{
    private readonly int[][] documents;

    /// <summary>Wraps token ids per document. Every id must lie in [0, <paramref name="vocabularySize"/>).</summary>
    /// <param name="documents">One id array per document, in corpus order.</param>
    /// <param name="vocabularySize">The tokenizer's vocabulary size.</param>
    /// <param name="tokenizerId">Names the tokenizer (written into checkpoints and checked on resume).</param>
    /// <exception cref="ArgumentException">An id out of range, or a bad size or name.</exception>
    public TokenDocuments(IEnumerable<int[]> documents, int vocabularySize, string tokenizerId)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenizerId);
        this.documents = documents.Select(d => d ?? throw new ArgumentException("a document is null", nameof(documents))).ToArray();
        for (int i = 0; i < this.documents.Length; i++)
            foreach (var id in this.documents[i])
                if ((uint)id >= (uint)vocabularySize)
                    throw new ArgumentException($"document {i} holds token id {id}, outside [0, {vocabularySize})", nameof(documents));
        VocabularySize = vocabularySize;
        TokenizerId = tokenizerId;
        TokenCount = this.documents.Sum(d => (long)d.Length);
    }

    /// <summary>Vocabulary size V: every id is below it.</summary>
    public int VocabularySize { get; }

    /// <summary>The tokenizer's name, carried into checkpoints.</summary>
    public string TokenizerId { get; }

    /// <summary>Number of documents.</summary>
    public int Count => documents.Length;

    /// <summary>Total tokens over all documents.</summary>
    public long TokenCount { get; }

    /// <summary>The ids of document <paramref name="index"/> (not copied: do not modify).</summary>
    public ReadOnlySpan<int> this[int index] => documents[index];

    /// <summary>
    /// Splits off the last documents as held-out data: the last max(1, round(fraction * Count))
    /// documents (at least one stays for training). The split is by document, so no held-out
    /// window shares text with a training window.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is outside (0, 1) or there are fewer than two documents.</exception>
    public (TokenDocuments Train, TokenDocuments HeldOut) SplitHeldOut(double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentException($"fraction is {fraction}; it must lie in (0, 1)", nameof(fraction));
        if (Count < 2) throw new ArgumentException($"{Count} document(s) cannot be split into training and held-out parts", nameof(fraction));
        int held = Math.Clamp((int)Math.Round(fraction * Count), 1, Count - 1);
        return (new TokenDocuments(documents.Take(Count - held), VocabularySize, TokenizerId),
                new TokenDocuments(documents.Skip(Count - held), VocabularySize, TokenizerId));
    }

    /// <summary>The training windows of <paramref name="sequenceLength"/> + 1 tokens that lie inside one document.</summary>
    public TrainingWindows Windows(int sequenceLength) => new(this, sequenceLength);
}
