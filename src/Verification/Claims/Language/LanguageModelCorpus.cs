using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Tokenizers;
using ProbSig.Theory.Corpus;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The data every LM claim shares, built once per process through the corpus pipeline that
/// the `lm` verbs use (<see cref="CorpusPipeline"/>): a byte-level BPE trained on the whole
/// Brown corpus, the tokenised documents of the two genre sets (<see cref="GenreSplit"/>),
/// their counts (offsets 1..window), a size-matched subset of the training set's counts for
/// C12, and the compared tokens (the training set's top N).
/// </summary>
public sealed class LanguageModelCorpus
{
    /// <summary>The tokenizer (built-in BPE trained on all of Brown).</summary>
    public required ITokenizer Tokenizer { get; init; }

    /// <summary>The tokenizer's id, as its counts carry it.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>Token ids of the training genre set's documents.</summary>
    public required IReadOnlyList<int[]> TrainingDocuments { get; init; }

    /// <summary>Counts of the training genre set (the models' own data).</summary>
    public required CorpusCounts TrainingCounts { get; init; }

    /// <summary>Counts of the other genre set.</summary>
    public required CorpusCounts OtherCounts { get; init; }

    /// <summary>Counts of a subset of the training documents with about as many tokens as
    /// the other set, so that C12 compares genres at equal sample size.</summary>
    public required CorpusCounts MatchedTrainingCounts { get; init; }

    /// <summary>Compared tokens: the training set's most frequent, most frequent first.</summary>
    public required IReadOnlyList<int> Tokens { get; init; }

    /// <summary>Readable strings of <see cref="Tokens"/>.</summary>
    public required IReadOnlyList<string> TokenStrings { get; init; }

    /// <summary>Seconds spent training the tokenizer, tokenising and counting.</summary>
    public required double Seconds { get; init; }

    /// <summary>Builds the corpus state of <paramref name="scale"/>.</summary>
    public static LanguageModelCorpus Build(LanguageModelScale scale, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var tokenizer = new TrainedBpeDescription(scale.Vocabulary, new BrownDescription()).Load(progress: progress);
        var trainingSet = new CorpusPipeline(new BrownDescription(GenreSplit.Training), tokenizer, scale.Window);
        // Kept: the models train on these very ids.
        var training = trainingSet.TokenIds().ToArray();
        var trainingCounts = trainingSet.Count(training);
        var otherCounts = new CorpusPipeline(new BrownDescription(GenreSplit.Other), tokenizer, scale.Window).Count();
        long target = otherCounts.TokenCount;
        // Documents in a fixed shuffled order until the other set's token count is reached.
        var order = Enumerable.Range(0, training.Length).OrderBy(i => (i * 7919L) % training.Length).ToArray();
        var matched = new List<int[]>();
        long sum = 0;
        foreach (var i in order)
        {
            if (sum >= target) break;
            matched.Add(training[i]);
            sum += training[i].Length;
        }
        var matchedCounts = trainingSet.Count(matched);
        var tokens = TopTokens.Select(trainingCounts, scale.TopTokens);
        progress?.Report($"LM claims: {trainingCounts.TokenCount:N0} training tokens ({training.Length} documents), {otherCounts.TokenCount:N0} other-genre tokens, "
            + $"{clock.Elapsed.TotalSeconds:F0} s for tokenizer and counts");
        return new LanguageModelCorpus
        {
            Tokenizer = tokenizer.Tokenizer,
            TokenizerId = tokenizer.Id,
            TrainingDocuments = training,
            TrainingCounts = trainingCounts,
            OtherCounts = otherCounts,
            MatchedTrainingCounts = matchedCounts,
            Tokens = tokens,
            TokenStrings = tokens.Select(tokenizer.Tokenizer.TokenString).ToArray(),
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }
}
