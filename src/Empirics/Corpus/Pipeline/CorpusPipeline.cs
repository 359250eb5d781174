using ProbSig.Theory.Corpus;

namespace ProbSig.Empirics.Corpus.Pipeline;

/// <summary>
/// One corpus read one way, source -> tokenizer -> counts: the documents of
/// <see cref="Source"/> that <see cref="Shard"/> selects, in the source's order, each encoded
/// whole by <see cref="Tokenizer"/> and counted over offsets 1..<see cref="Window"/> (THEORY
/// 3.4; the signatures are <see cref="CorpusSignatures"/> of these counts). Every `lm` verb and
/// the LM claims read their corpus here, so one description gives the same documents, token
/// order and counts wherever it is read.
/// <para>Each pass (<see cref="Documents"/>, <see cref="TokenIds"/>, <see cref="Count(Action{CorpusCounts}?, long, CancellationToken)"/>)
/// reads the source afresh and refills <see cref="Report"/>.</para>
/// </summary>
public sealed class CorpusPipeline
{
    private readonly ICorpusSource reader;

    /// <param name="source">The corpus.</param>
    /// <param name="tokenizer">Text to ids, with the id its counts carry (loaded once by the
    /// caller: one trained tokenizer may serve several corpora).</param>
    /// <param name="window">Largest offset counted.</param>
    /// <param name="shard">Part of the corpus to read; null reads all of it.</param>
    /// <param name="options">How the source is read.</param>
    public CorpusPipeline(SourceDescription source, NamedTokenizer tokenizer, int window = 1, ShardSelector? shard = null, CorpusOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Source = source;
        Tokenizer = tokenizer;
        Window = window;
        Shard = shard ?? ShardSelector.All;
        reader = source.Open(options);
    }

    /// <summary>The corpus.</summary>
    public SourceDescription Source { get; }

    /// <summary>The tokenizer and its id.</summary>
    public NamedTokenizer Tokenizer { get; }

    /// <summary>Largest offset counted.</summary>
    public int Window { get; }

    /// <summary>The part read (documents whose position in the whole corpus it selects).</summary>
    public ShardSelector Shard { get; }

    /// <summary>What the latest pass read and skipped, for the caller to print.</summary>
    public CorpusReport Report => reader.Report;

    /// <summary>The documents of <see cref="Shard"/>, in corpus order (one pass).</summary>
    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default) =>
        Shard.Of(reader.Documents(cancellationToken));

    /// <summary>The ids of one document: its whole text encoded at once, no special tokens added.</summary>
    public int[] Encode(CorpusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Tokenizer.Tokenizer.Encode(document.Text);
    }

    /// <summary>The ids of each document of <see cref="Shard"/>, in corpus order (one pass;
    /// documents of other shards are never encoded).</summary>
    public IEnumerable<int[]> TokenIds(CancellationToken cancellationToken = default) => Documents(cancellationToken).Select(Encode);

    /// <summary>Counts of <see cref="Shard"/>'s documents in one streaming pass: memory is
    /// bounded by the counts, never by the corpus.</summary>
    /// <param name="progress">Called every <paramref name="progressEveryDocuments"/> documents counted.</param>
    /// <param name="progressEveryDocuments">How often <paramref name="progress"/> is called.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    public CorpusCounts Count(Action<CorpusCounts>? progress = null, long progressEveryDocuments = 10_000, CancellationToken cancellationToken = default) =>
        Count(TokenIds(cancellationToken), progress, progressEveryDocuments);

    /// <summary>Counts of ids this pipeline encoded (those of <see cref="TokenIds"/>, kept
    /// by a caller that also trains on them, or a selection of them), recorded as
    /// <see cref="Shard"/>'s counts, without encoding the text again.</summary>
    public CorpusCounts Count(IEnumerable<int[]> tokenIds, Action<CorpusCounts>? progress = null, long progressEveryDocuments = 10_000)
    {
        var counts = new CorpusCounts(Tokenizer.Tokenizer.VocabularySize, Window, Tokenizer.Id, Shard);
        counts.AddDocuments(tokenIds, progress, progressEveryDocuments);
        return counts;
    }
}
