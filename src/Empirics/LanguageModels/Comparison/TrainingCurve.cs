using MathNet.Numerics.LinearAlgebra;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using ProbSig.Theory.Metrics;

namespace ProbSig.Empirics.LanguageModels.Comparison;

/// <summary>One side of a <see cref="TrainingCurvePoint"/>: the weights' observed cosine against one signature.</summary>
/// <param name="Spearman">Spearman's rho of the mean-centred row cosine with the signature's cosine, over the off-diagonal pairs.</param>
/// <param name="NullMean">Mean of rho over the frequency-stratified token null.</param>
/// <param name="NullSd">Standard deviation of rho over that null.</param>
/// <param name="Precision">Strong-pair precision at <see cref="ComparisonOptions.StrongPairFraction"/> (1% by default).</param>
/// <param name="Tokens">Tokens compared after dropping those undefined in the signature.</param>
public sealed record TrainingCurveSide(double Spearman, double NullMean, double NullSd, double Precision, int Tokens);

/// <summary>
/// The language-model agreement at one training step: the embedding against the next-token
/// signature and the unembedding against the previous-token signature (THEORY 3.4), each with
/// its null band.
/// </summary>
/// <param name="Step">Optimiser updates taken (0: the initial weights).</param>
/// <param name="Embedding">Embedding rows vs the next-token signature.</param>
/// <param name="Unembedding">Unembedding rows vs the previous-token signature.</param>
public sealed record TrainingCurvePoint(int Step, TrainingCurveSide Embedding, TrainingCurveSide Unembedding);

/// <summary>
/// The one implementation of a point of the agreement curve over training, shared by
/// `lm train --eval-every` (points during a run) and `lm compare` over a folder of checkpoints
/// (a point per checkpoint). The observed cosine is <see cref="RowCosine.MeanCentred"/> of the
/// compared tokens' rows, as the claims and <see cref="LmComparison"/> take it; the null renames
/// tokens only within frequency strata (<see cref="TokenStrata.ByRank"/>), so the band keeps
/// what frequency alone explains. A cheap band by default (<see cref="DefaultOptions"/>), no
/// Kendall's tau, and each reference's half of the permutation tables built once per curve
/// (<see cref="PermutationTables.Predicted"/>): a point at N = 1024 costs about 1.2 to 1.8 s of
/// CPU (measured on a 2-core machine busy with other work; the two sides run in parallel), where
/// the full comparison of both sides costs about 6 s.
/// </summary>
public sealed class TrainingCurve
{
    /// <summary>Frequency strata of the null (fewer when there are fewer tokens).</summary>
    public const int DefaultStrata = 16;

    /// <summary>19 null draws, no Kendall null (the curve reports Spearman and precision only).</summary>
    public static ComparisonOptions DefaultOptions { get; } = new() { Permutations = 19, KendallPermutations = 0 };

    /// <summary>
    /// The fixed inputs of every point of one curve: the compared tokens' next-token and
    /// previous-token references, their strata and the comparison settings (one seed, so every
    /// point scores the same draws).
    /// </summary>
    /// <param name="tokens">The compared token ids, most frequent first; rows of every matrix follow this order.</param>
    /// <param name="next">The next-token signature's cosine over <paramref name="tokens"/> (embedding side).</param>
    /// <param name="previous">The previous-token signature's cosine over <paramref name="tokens"/> (unembedding side).</param>
    /// <param name="strata">Frequency stratum of each token, e.g. <see cref="TokenStrata.ByRank"/>.</param>
    /// <param name="options">The comparison settings; null takes <see cref="DefaultOptions"/>.</param>
    /// <exception cref="ArgumentException">A reference or the strata do not have one row per token.</exception>
    public TrainingCurve(IReadOnlyList<int> tokens, CorpusReference next, CorpusReference previous, int[] strata, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(strata);
        Options = options ?? DefaultOptions;
        Options.Validate();
        foreach (var (name, m) in new[] { ("next", next.Cosine), ("previous", previous.Cosine) })
            if (m.RowCount != tokens.Count || m.ColumnCount != tokens.Count)
                throw new ArgumentException($"the {name} reference is {m.RowCount} x {m.ColumnCount} for {tokens.Count} tokens", name);
        if (strata.Length != tokens.Count) throw new ArgumentException($"{strata.Length} strata labels for {tokens.Count} tokens", nameof(strata));
        Tokens = tokens.ToArray();
        Next = next;
        Previous = previous;
        this.strata = (int[])strata.Clone();
    }

    /// <summary>
    /// A curve over <paramref name="tokens"/> of <paramref name="counts"/>: the plain next-token
    /// and previous-token references and <see cref="DefaultStrata"/> frequency strata by rank
    /// (at most one per token).
    /// </summary>
    /// <param name="counts">Counts holding the offset-1 pairs of every compared token.</param>
    /// <param name="tokens">The compared tokens, most frequent first (<see cref="TopTokens.Select(CorpusCounts, int)"/>).</param>
    /// <param name="options">The comparison settings; null takes <see cref="DefaultOptions"/>.</param>
    /// <exception cref="ArgumentException">Fewer than 3 tokens.</exception>
    public static TrainingCurve For(CorpusCounts counts, IReadOnlyList<int> tokens, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokens);
        return For(tokens, CorpusReference.Next(counts, tokens), CorpusReference.Previous(counts, tokens), options);
    }

    /// <summary>A curve from references already computed (e.g. by <see cref="LmComparison"/>), with <see cref="DefaultStrata"/> strata by rank.</summary>
    /// <param name="tokens">The compared tokens, most frequent first.</param>
    /// <param name="next">The next-token reference over them.</param>
    /// <param name="previous">The previous-token reference over them.</param>
    /// <param name="options">The comparison settings; null takes <see cref="DefaultOptions"/>.</param>
    /// <exception cref="ArgumentException">Fewer than 3 tokens, or references of another size.</exception>
    public static TrainingCurve For(IReadOnlyList<int> tokens, CorpusReference next, CorpusReference previous, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count < SimilarityMatrices.MinimumTokens)
            throw new ArgumentException($"{tokens.Count} tokens; a curve needs at least {SimilarityMatrices.MinimumTokens}", nameof(tokens));
        return new TrainingCurve(tokens, next, previous, TokenStrata.ByRank(tokens.Count, Math.Min(DefaultStrata, tokens.Count)), options);
    }

    /// <summary>The compared token ids, most frequent first.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>The embedding side's reference.</summary>
    public CorpusReference Next { get; }

    /// <summary>The unembedding side's reference.</summary>
    public CorpusReference Previous { get; }

    private readonly int[] strata;

    /// <summary>The reference's half of the permutation tables, for the tokens it was built over.</summary>
    private sealed class PredictedCache
    {
        public int[]? Kept;
        public PermutationTables.Predicted? Tables;
    }

    private readonly PredictedCache nextTables = new(), previousTables = new();

    /// <summary>Frequency stratum of each token.</summary>
    public IReadOnlyList<int> Strata => strata;

    /// <summary>Number of distinct strata.</summary>
    public int StrataCount => strata.Distinct().Count();

    /// <summary>The comparison settings (permutations, q, seed).</summary>
    public ComparisonOptions Options { get; }

    /// <summary>The point at <paramref name="step"/> from the compared tokens' rows (N x d each, in <see cref="Tokens"/> order, as <see cref="WeightRows.Select"/> gives them).</summary>
    /// <param name="step">The training step the weights are from.</param>
    /// <param name="embeddingRows">Embedding rows of the compared tokens.</param>
    /// <param name="unembeddingRows">Unembedding rows of the compared tokens (the embedding's when tied).</param>
    /// <exception cref="ArgumentException">Rows of another count than the tokens.</exception>
    public TrainingCurvePoint Measure(int step, Matrix<double> embeddingRows, Matrix<double> unembeddingRows)
    {
        ArgumentNullException.ThrowIfNull(embeddingRows);
        ArgumentNullException.ThrowIfNull(unembeddingRows);
        if (embeddingRows.RowCount != Tokens.Count) throw new ArgumentException($"{embeddingRows.RowCount} embedding rows for {Tokens.Count} tokens", nameof(embeddingRows));
        if (unembeddingRows.RowCount != Tokens.Count) throw new ArgumentException($"{unembeddingRows.RowCount} unembedding rows for {Tokens.Count} tokens", nameof(unembeddingRows));
        // The two sides are independent: on a multi-core machine each builds its tables on its own core.
        TrainingCurveSide? embedding = null, unembedding = null;
        try
        {
            Parallel.Invoke(
                () => embedding = Side(RowCosine.MeanCentred(embeddingRows), Next, nextTables),
                () => unembedding = Side(RowCosine.MeanCentred(unembeddingRows), Previous, previousTables));
        }
        catch (AggregateException e)
        {
            // A side's own exception, not the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new TrainingCurvePoint(step, embedding!, unembedding!);
    }

    /// <summary>The point at <paramref name="step"/> read from V x d weights (any device, under no_grad).</summary>
    /// <param name="step">The training step the weights are from.</param>
    /// <param name="embedding">The embedding weight (V, d).</param>
    /// <param name="unembedding">The unembedding weight (V, d); the embedding itself when tied.</param>
    /// <exception cref="ArgumentException">A token id outside the weights' rows.</exception>
    public TrainingCurvePoint Measure(int step, TorchSharp.torch.Tensor embedding, TorchSharp.torch.Tensor unembedding)
    {
        var e = WeightRows.Select(embedding, Tokens);
        var u = ReferenceEquals(embedding, unembedding) ? e : WeightRows.Select(unembedding, Tokens);
        return Measure(step, e, u);
    }

    /// <summary>
    /// One side: the steps of <see cref="PermutationNull.Compare(Matrix{double}, Matrix{double}, ComparisonOptions?, int[])"/>
    /// with the strata (the same kept tokens, draws, tables and summary, so the figures are its
    /// own), for the two metrics the curve reports; Kendall's tau, which has no table and costs a
    /// sort of every pair, and the agreement curve's bins are left out. The reference's half of the
    /// tables is built once per curve (for the tokens kept at the first point, again only if a
    /// later point keeps others).
    /// </summary>
    private TrainingCurveSide Side(Matrix<double> observed, CorpusReference reference, PredictedCache cache)
    {
        SimilarityMatrices.Validate(observed, reference.Cosine);
        var kept = SimilarityMatrices.CommonDefinedTokens(observed, reference.Cosine);
        if (kept.Count < SimilarityMatrices.MinimumTokens)
            throw new ArgumentException($"only {kept.Count} tokens are defined in both the observed and the {reference.Name} cosine; at least {SimilarityMatrices.MinimumTokens} are needed", nameof(observed));
        PermutationTables.Predicted predicted;
        lock (cache)
        {
            if (cache.Kept is null || !cache.Kept.SequenceEqual(kept))
                (cache.Kept, cache.Tables) = (kept.ToArray(), new PermutationTables.Predicted(SimilarityMatrices.Restrict(reference.Cosine, kept), Options));
            predicted = cache.Tables!;
        }
        var tables = new PermutationTables(kept.Count == observed.RowCount ? observed : SimilarityMatrices.Restrict(observed, kept), predicted);
        var draws = PermutationNull.StratifiedDraws(kept.Select(t => strata[t]).ToArray(), Options.Permutations, Options.Seed);
        var identity = tables.Score(Enumerable.Range(0, kept.Count).ToArray());
        var nullScores = new MetricScores[draws.Length];
        Parallel.For(0, draws.Length, b => nullScores[b] = tables.Score(draws[b]));
        var spearman = PermutationResult.FromDraws("spearman", identity.Spearman, nullScores.Select(d => d.Spearman).ToArray());
        return new TrainingCurveSide(spearman.Observed, spearman.NullMean, spearman.NullStd, identity.StrongPairPrecision, kept.Count);
    }
}
