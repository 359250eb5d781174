using System.Runtime.InteropServices;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// Streaming unigram and (token, k-th next token) counts of a tokenised corpus (THEORY 3.4),
/// for offsets k = 1..<see cref="Window"/>. Memory is bounded by V plus the number of
/// distinct pairs seen, never by the corpus length, and never a dense V x V: pair counts
/// are sparse, one dictionary per offset keyed by s * V + y. A pair never crosses a
/// document boundary. Counting is additive (<see cref="Merge"/>), so shards counted apart
/// and merged equal the single pass exactly.
/// </summary>
public sealed class CorpusCounts
{
    private readonly long[] unigrams;
    private readonly Dictionary<long, long>[] pairs;
    private readonly bool[]? keep;

    /// <summary>Vocabulary size: every id must lie in 0..V-1.</summary>
    public int VocabularySize { get; }

    /// <summary>Largest offset k counted.</summary>
    public int Window { get; }

    /// <summary>Identifies the tokenizer that produced the ids; counts from different
    /// tokenizers never merge, even at equal V, because the same id means another string.</summary>
    public string TokenizerId { get; }

    /// <summary>Which shards these counts hold (a merge of all n parts lists 0..n-1).</summary>
    public IReadOnlyList<ShardSelector> Shards => shards;
    private readonly List<ShardSelector> shards = [];

    /// <summary>If set, only pairs (s, y) with s or y in this set are stored (ascending ids):
    /// memory is then at most 2 |set| V entries per offset whatever the corpus size, and the
    /// signatures and PPMI of tokens in the set stay exact (a next-token row needs s in the
    /// set, a previous-token row y, a PPMI entry both). Null: every pair is stored.</summary>
    public IReadOnlyList<int>? PairTokens { get; }

    /// <summary>Whether pairs conditioned on <paramref name="token"/> were all stored.</summary>
    public bool HasPairsOf(int token) => keep is null || keep[token];

    /// <summary>Tokens counted (every token of every selected document).</summary>
    public long TokenCount { get; private set; }

    /// <summary>Documents counted (empty ones included).</summary>
    public long DocumentCount { get; private set; }

    public CorpusCounts(int vocabularySize, int window, string tokenizerId, ShardSelector? shard = null, IEnumerable<int>? pairTokens = null)
    {
        if (vocabularySize < 1) throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "vocabulary size must be at least 1");
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be at least 1");
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenizerId);
        VocabularySize = vocabularySize;
        Window = window;
        TokenizerId = tokenizerId;
        unigrams = new long[vocabularySize];
        pairs = Enumerable.Range(0, window).Select(_ => new Dictionary<long, long>()).ToArray();
        shards.Add(shard ?? ShardSelector.All);
        if (pairTokens is not null)
        {
            keep = new bool[vocabularySize];
            foreach (var t in pairTokens)
            {
                if ((uint)t >= (uint)vocabularySize) throw new ArgumentOutOfRangeException(nameof(pairTokens), t, "pair token outside vocabulary");
                keep[t] = true;
            }
            PairTokens = Enumerable.Range(0, vocabularySize).Where(t => keep[t]).ToArray();
        }
    }

    /// <summary>Counts the documents that <paramref name="shard"/> selects, in one pass.</summary>
    public static CorpusCounts Count(IEnumerable<int[]> documents, int vocabularySize, int window, string tokenizerId,
        ShardSelector? shard = null, Action<CorpusCounts>? progress = null, long progressEveryDocuments = 10_000, IEnumerable<int>? pairTokens = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        shard ??= ShardSelector.All;
        var counts = new CorpusCounts(vocabularySize, window, tokenizerId, shard, pairTokens);
        counts.AddDocuments(shard.Of(documents), progress, progressEveryDocuments);
        return counts;
    }

    /// <summary>Adds every document of <paramref name="documents"/> (<see cref="AddDocument"/>),
    /// calling <paramref name="progress"/> each time the document count reaches a multiple of
    /// <paramref name="progressEveryDocuments"/>.</summary>
    public void AddDocuments(IEnumerable<int[]> documents, Action<CorpusCounts>? progress = null, long progressEveryDocuments = 10_000)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfLessThan(progressEveryDocuments, 1);
        foreach (var doc in documents)
        {
            AddDocument(doc);
            if (progress is not null && DocumentCount % progressEveryDocuments == 0) progress(this);
        }
    }

    /// <summary>Adds one document's tokens and its within-document pairs.</summary>
    public void AddDocument(ReadOnlySpan<int> ids)
    {
        for (int t = 0; t < ids.Length; t++)
            if ((uint)ids[t] >= (uint)VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[t], $"token id at position {t} outside vocabulary 0..{VocabularySize - 1}");
        long v = VocabularySize;
        for (int t = 0; t < ids.Length; t++)
        {
            unigrams[ids[t]]++;
            long row = ids[t] * v;
            int last = Math.Min(Window, ids.Length - 1 - t);
            bool keepRow = keep is null || keep[ids[t]];
            for (int k = 1; k <= last; k++)
                if (keepRow || keep![ids[t + k]])
                    CollectionsMarshal.GetValueRefOrAddDefault(pairs[k - 1], row + ids[t + k], out _)++;
        }
        TokenCount += ids.Length;
        DocumentCount++;
    }

    /// <summary>Adds <paramref name="other"/>'s counts into these (shards counted apart).</summary>
    /// <exception cref="InvalidOperationException">The two were counted with a different
    /// vocabulary size, window or tokenizer.</exception>
    public void Merge(CorpusCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this)) throw new InvalidOperationException("cannot merge counts into themselves");
        if (other.VocabularySize != VocabularySize || other.Window != Window || other.TokenizerId != TokenizerId)
            throw new InvalidOperationException(
                $"cannot merge counts of V={other.VocabularySize}, window={other.Window}, tokenizer '{other.TokenizerId}' "
                + $"into counts of V={VocabularySize}, window={Window}, tokenizer '{TokenizerId}': they must agree on all three");
        if (!(PairTokens ?? []).SequenceEqual(other.PairTokens ?? []) || (PairTokens is null) != (other.PairTokens is null))
            throw new InvalidOperationException("cannot merge counts that stored pairs for different token sets: they must agree on PairTokens");
        // Overlapping parts (the same shard twice, 0/2 with 0/4, a file with itself) would count
        // some documents twice without any other sign. A fresh, empty accumulator holds no part yet.
        bool fresh = DocumentCount == 0 && TokenCount == 0 && shards.Count == 1 && shards[0] == ShardSelector.All;
        if (!fresh)
            foreach (var part in other.shards)
                if (shards.FirstOrDefault(part.Overlaps) is { } held)
                    throw new InvalidOperationException(
                        $"shard {part} overlaps shard {held}, already part of these counts: merging it would count some documents twice");
        for (int s = 0; s < unigrams.Length; s++) unigrams[s] += other.unigrams[s];
        for (int k = 0; k < Window; k++)
            foreach (var (key, c) in other.pairs[k])
                CollectionsMarshal.GetValueRefOrAddDefault(pairs[k], key, out _) += c;
        TokenCount += other.TokenCount;
        DocumentCount += other.DocumentCount;
        // Merging a shard into a fresh "all" accumulator should list the real parts.
        if (shards.Count == 1 && shards[0] == ShardSelector.All && DocumentCount == other.DocumentCount) shards.Clear();
        shards.AddRange(other.shards);
    }

    /// <summary>Occurrences of token <paramref name="s"/>.</summary>
    public long Unigram(int s) => unigrams[s];

    /// <summary>All unigram counts (length V, read-only view).</summary>
    public ReadOnlySpan<long> Unigrams => unigrams;

    /// <summary>Number of positions t with x_t = s and x_{t+k} = y in the same document.</summary>
    public long Pair(int offset, int s, int y)
    {
        CheckOffset(offset);
        return pairs[offset - 1].TryGetValue((long)s * VocabularySize + y, out long c) ? c : 0;
    }

    /// <summary>Distinct (s, y) pairs stored at <paramref name="offset"/>.</summary>
    public int DistinctPairs(int offset)
    {
        CheckOffset(offset);
        return pairs[offset - 1].Count;
    }

    /// <summary>The non-zero (s, y, count) triples at <paramref name="offset"/>, in no particular order.</summary>
    public IEnumerable<(int Token, int Next, long Count)> Pairs(int offset)
    {
        CheckOffset(offset);
        long v = VocabularySize;
        foreach (var (key, c) in pairs[offset - 1]) yield return ((int)(key / v), (int)(key % v), c);
    }

    /// <summary>Raw key (s * V + y) to count map at <paramref name="offset"/>, for serialisation.</summary>
    internal IReadOnlyDictionary<long, long> PairMap(int offset) => pairs[offset - 1];

    internal void LoadRaw(long[] unigramCounts, IReadOnlyList<(long Key, long Count)>[] pairCounts, long tokens, long documents, IEnumerable<ShardSelector> shardList)
    {
        unigramCounts.CopyTo(unigrams, 0);
        for (int k = 0; k < Window; k++)
        {
            pairs[k].EnsureCapacity(pairCounts[k].Count);
            foreach (var (key, c) in pairCounts[k]) pairs[k][key] = c;
        }
        TokenCount = tokens;
        DocumentCount = documents;
        shards.Clear();
        shards.AddRange(shardList);
    }

    /// <summary>Whether both hold identical counts (shards and provenance aside).</summary>
    public bool CountsEqual(CorpusCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.VocabularySize != VocabularySize || other.Window != Window || other.TokenCount != TokenCount
            || !(PairTokens ?? []).SequenceEqual(other.PairTokens ?? []) || (PairTokens is null) != (other.PairTokens is null)
            || other.DocumentCount != DocumentCount || !unigrams.AsSpan().SequenceEqual(other.unigrams)) return false;
        for (int k = 0; k < Window; k++)
        {
            if (pairs[k].Count != other.pairs[k].Count) return false;
            foreach (var (key, c) in pairs[k])
                if (!other.pairs[k].TryGetValue(key, out long d) || d != c) return false;
        }
        return true;
    }

    private void CheckOffset(int offset)
    {
        if (offset < 1 || offset > Window) throw new ArgumentOutOfRangeException(nameof(offset), offset, $"offset must be 1..{Window}");
    }
}
