using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Metrics;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The data every LM claim shares, built once per process through the corpus pipeline that
/// the `lm` verbs use (<see cref="CorpusPipeline"/>): a byte-level BPE trained on the whole
/// Brown corpus; the training genres' documents split into the models' training documents
/// and held-out documents (whole documents, <see cref="LanguageModelScale.HeldOutFraction"/>
/// of the tokens, in a fixed shuffled order); the held-out documents and the other genres'
/// documents cut to the same token count (C12 compares genre with genre, both unseen, at
/// equal sample size); their counts (offsets 1..window); the compared tokens (the training
/// documents' top N) with their frequencies and frequency strata.
/// </summary>
public sealed class LanguageModelCorpus
{
    /// <summary>The tokenizer (built-in BPE trained on all of Brown).</summary>
    public required ITokenizer Tokenizer { get; init; }

    /// <summary>The tokenizer's id, as its counts carry it.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>Token ids of the documents the models train on.</summary>
    public required IReadOnlyList<int[]> TrainingDocuments { get; init; }

    /// <summary>Counts of the training documents (the models' own data).</summary>
    public required CorpusCounts TrainingCounts { get; init; }

    /// <summary>Counts of the held-out documents of the training genres, cut to <see cref="MatchedTokens"/>.</summary>
    public required CorpusCounts HeldOutCounts { get; init; }

    /// <summary>Counts of the other genres' documents, cut to <see cref="MatchedTokens"/>.</summary>
    public required CorpusCounts OtherCounts { get; init; }

    /// <summary>The token count both size-matched sets were cut to (the smaller set's size).</summary>
    public required long MatchedTokens { get; init; }

    /// <summary>Compared tokens: the training documents' most frequent, most frequent first.</summary>
    public required IReadOnlyList<int> Tokens { get; init; }

    /// <summary>Readable strings of <see cref="Tokens"/>.</summary>
    public required IReadOnlyList<string> TokenStrings { get; init; }

    /// <summary>Occurrences of each compared token in the training documents.</summary>
    public required IReadOnlyList<double> Frequency { get; init; }

    /// <summary>Frequency stratum of each compared token (<see cref="TokenStrata.ByRank"/>), the null's strata.</summary>
    public required int[] Strata { get; init; }

    /// <summary>Seconds spent training the tokenizer, tokenising and counting.</summary>
    public required double Seconds { get; init; }

    /// <summary>Builds the corpus state of <paramref name="scale"/>.</summary>
    public static LanguageModelCorpus Build(LanguageModelScale scale, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (source, ownSubsets) = Sources(scale);
        var tokenizer = new TrainedBpeDescription(scale.Vocabulary, source).Load(progress: progress);
        var pipeline = new CorpusPipeline(source, tokenizer, scale.Window);
        // One pass in corpus order: a document of an own subset (genre) trains or is held out,
        // any other is the other genres' text.
        var own = new List<int[]>();
        var other = new List<int[]>();
        foreach (var document in pipeline.Documents())
            (ownSubsets is null || ownSubsets.Contains(document.Subset) ? own : other).Add(pipeline.Encode(document));
        if (own.Count < 2) throw new InvalidOperationException($"{source.Id} has {own.Count} documents in the training subsets; the LM claims need at least 2");

        // Whole documents in a fixed shuffled order until the held-out share is reached; the
        // rest, in corpus order, trains.
        long ownTokens = own.Sum(d => (long)d.Length);
        var heldOut = Prefix(own, Math.Max(1, (long)Math.Round(ownTokens * scale.HeldOutFraction)));
        var heldOutSet = heldOut.ToHashSet();
        var training = Enumerable.Range(0, own.Count).Where(i => !heldOutSet.Contains(i)).Select(i => own[i]).ToArray();
        // Both unseen sets cut to the smaller one's size, each in its own shuffled order.
        long matched = Math.Min(heldOut.Sum(i => (long)own[i].Length), other.Sum(d => (long)d.Length));
        var heldOutMatched = Prefix(heldOut.Select(i => own[i]).ToArray(), matched).Select(i => own[heldOut[i]]).ToArray();
        var otherMatched = Prefix(other, matched).Select(i => other[i]).ToArray();

        var trainingCounts = pipeline.Count(training);
        var tokens = TopTokens.Select(trainingCounts, scale.TopTokens);
        progress?.Report($"LM claims: {trainingCounts.TokenCount:N0} training tokens ({training.Length} documents); held out {heldOut.Length} documents; "
            + $"own-genre and other-genre sets cut to {matched:N0} tokens; {clock.Elapsed.TotalSeconds:F0} s for tokenizer and counts");
        return new LanguageModelCorpus
        {
            Tokenizer = tokenizer.Tokenizer,
            TokenizerId = tokenizer.Id,
            TrainingDocuments = training,
            TrainingCounts = trainingCounts,
            HeldOutCounts = pipeline.Count(heldOutMatched),
            OtherCounts = pipeline.Count(otherMatched),
            MatchedTokens = matched,
            Tokens = tokens,
            TokenStrings = tokens.Select(tokenizer.Tokenizer.TokenString).ToArray(),
            Frequency = tokens.Select(t => (double)trainingCounts.Unigram(t)).ToArray(),
            Strata = TokenStrata.ByRank(tokens.Length, scale.FrequencyStrata),
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The whole corpus and the subsets the models train on (null: every subset): Brown
    /// with its informative-prose genres by default; a Pile file with the subsets it names
    /// (the rest of the file is the other genres' text), or all of it when it names none.</summary>
    private static (SourceDescription Source, IReadOnlySet<string>? Own) Sources(LanguageModelScale scale) => scale.Corpus switch
    {
        null => (new BrownDescription(), GenreSplit.Training.ToHashSet(StringComparer.Ordinal)),
        PileDescription pile => (new PileDescription(pile.Path), pile.Subsets.Count == 0 ? null : pile.Subsets.ToHashSet(StringComparer.Ordinal)),
        var other => throw new ArgumentException($"the LM claims train on Brown or on a Pile file (pile:PATH[:SUBSET,..]); got {other.Id}", nameof(scale)),
    };

    /// <summary>Indices of documents taken in a fixed shuffled order (i * 7919 mod n) until
    /// <paramref name="tokens"/> tokens are reached; the last document may overshoot by its length.</summary>
    private static int[] Prefix(IReadOnlyList<int[]> documents, long tokens)
    {
        int n = documents.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => (i * 7919L) % n).ThenBy(i => i);
        var chosen = new List<int>();
        long sum = 0;
        foreach (var i in order)
        {
            if (sum >= tokens) break;
            chosen.Add(i);
            sum += documents[i].Length;
        }
        return chosen.ToArray();
    }
}
