using MathNet.Numerics.LinearAlgebra;

namespace ProbSig.Theory.Metrics;

/// <summary>
/// The null baseline of THEORY 4: how good would the agreement be if the prediction
/// were right about the shape of the similarity structure but knew nothing about which
/// token is which? Token identities of the predicted matrix are shuffled (rows and
/// columns together, so it stays a similarity matrix with the same spectrum and value
/// distribution) and the metric recomputed.
/// <para>One engine with two paths that share the draws (<see cref="Draws"/>) and their
/// summary (<see cref="PermutationResult.FromDraws"/>): <see cref="Test"/> scores each
/// permuted matrix with any <see cref="ISimilarityMetric"/>;
/// <see cref="Compare(Matrix{double}, Matrix{double}, ComparisonOptions?, int[])"/> scores
/// the whole <see cref="MetricSet"/> and the agreement curve from
/// <see cref="PermutationTables"/>, a gather per draw, fast enough for 2048 tokens. Given
/// token strata, it scores <see cref="StratifiedDraws"/> instead, the null that respects a
/// baseline (THEORY 4); nothing else changes.</para>
/// </summary>
public static class PermutationNull
{
    /// <summary>
    /// Monte Carlo permutation test of <paramref name="metric"/> (the generic path): the
    /// metric on <paramref name="permutations"/> renamings of <paramref name="predicted"/>
    /// drawn by <see cref="Draws"/>, so a seed fixes the result, summarised by
    /// <see cref="PermutationResult.FromDraws"/>. The draws are scored concurrently, so
    /// <paramref name="metric"/> must be safe to call from several threads (every metric in
    /// this namespace is stateless).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutations"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The matrices have the wrong shapes.</exception>
    public static PermutationResult Test(ISimilarityMetric metric, Matrix<double> observed, Matrix<double> predicted, int permutations, int seed)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "at least one permutation is needed");
        SimilarityMatrices.Validate(observed, predicted);
        return Generic(metric, observed, predicted, Draws(predicted.RowCount, permutations, seed), permutations);
    }

    /// <summary>
    /// Every metric of <see cref="ComparisonOptions.Metrics"/> with its null, and the
    /// agreement curve with a null per bin (the fast path). Tokens with undefined entries
    /// are dropped first (<see cref="SimilarityMatrices.CommonDefinedTokens"/>). The metrics
    /// the tables cover use <see cref="ComparisonOptions.Permutations"/> draws; Kendall's
    /// tau has no table (its discordant count needs a sort per draw), so it takes the
    /// generic path on the first <see cref="ComparisonOptions.KendallPermutations"/> draws
    /// of the same sequence. Every draw is the one <see cref="Test"/> would score for the
    /// seed, so the two paths agree draw by draw. The same as
    /// <see cref="Compare(Matrix{double}, Matrix{double}, ComparisonOptions?, int[])"/>
    /// without strata.
    /// </summary>
    /// <param name="observed">Square, symmetric; NaN marks an undefined entry.</param>
    /// <param name="predicted">Same size and tokens.</param>
    /// <param name="options">The settings; null takes the defaults.</param>
    /// <exception cref="ArgumentException">Shapes differ, or fewer than 3 tokens remain.</exception>
    public static StructureComparison Compare(Matrix<double> observed, Matrix<double> predicted, ComparisonOptions? options = null) =>
        Compare(observed, predicted, options, null);

    /// <summary>
    /// <see cref="Compare(Matrix{double}, Matrix{double}, ComparisonOptions?)"/> under a null
    /// that respects a baseline (THEORY 4): with <paramref name="stratumOfToken"/> given,
    /// every draw, for every metric (Kendall's generic path included) and for the agreement
    /// curve, renames each kept token only to a kept token of its own stratum
    /// (<see cref="StratifiedDraws"/> over the kept tokens, in their order). A prediction
    /// that is a function of the strata alone is then unchanged by every draw and gets p = 1;
    /// only what it says within strata can beat this null. Null strata give the unstratified
    /// comparison.
    /// </summary>
    /// <param name="observed">Square, symmetric; NaN marks an undefined entry.</param>
    /// <param name="predicted">Same size and tokens.</param>
    /// <param name="options">The settings; null takes the defaults.</param>
    /// <param name="stratumOfToken">Stratum label of each token, in the input matrices'
    /// indexing (e.g. <see cref="TokenStrata.ByRank"/>); any integers, or null for none.</param>
    /// <exception cref="ArgumentException">Shapes differ, fewer than 3 tokens remain, or
    /// <paramref name="stratumOfToken"/> does not have one label per token.</exception>
    public static StructureComparison Compare(Matrix<double> observed, Matrix<double> predicted, ComparisonOptions? options, int[]? stratumOfToken)
    {
        options ??= new ComparisonOptions();
        options.Validate();
        SimilarityMatrices.Validate(observed, predicted);
        if (stratumOfToken is not null && stratumOfToken.Length != observed.RowCount)
            throw new ArgumentException($"stratumOfToken has {stratumOfToken.Length} labels but the matrices have {observed.RowCount} tokens", nameof(stratumOfToken));
        var kept = SimilarityMatrices.CommonDefinedTokens(observed, predicted);
        if (kept.Count < SimilarityMatrices.MinimumTokens)
            throw new ArgumentException($"only {kept.Count} tokens are defined in both matrices; at least {SimilarityMatrices.MinimumTokens} are needed", nameof(predicted));
        var o = SimilarityMatrices.Restrict(observed, kept);
        var p = SimilarityMatrices.Restrict(predicted, kept);
        int n = kept.Count;

        int count = Math.Max(options.Permutations, options.KendallPermutations);
        // The one place the two nulls differ: which renamings are drawn.
        var draws = stratumOfToken is null
            ? Draws(n, count, options.Seed)
            : StratifiedDraws(kept.Select(t => stratumOfToken[t]).ToArray(), count, options.Seed);

        var tables = new PermutationTables(o, p, options);
        var identity = tables.Score(Enumerable.Range(0, n).ToArray());
        var nullScores = new MetricScores[options.Permutations];
        Parallel.For(0, nullScores.Length, b => nullScores[b] = tables.Score(draws[b]));

        var metrics = options.Metrics.Select(metric => MetricScores.Selector(metric) is { } score
            ? PermutationResult.FromDraws(metric.Name, score(identity), nullScores.Select(score).ToArray())
            : Generic(metric, o, p, draws, options.KendallPermutations)).ToArray();
        return new StructureComparison(n, observed.RowCount - n, metrics, tables.CurveNull(identity, nullScores), kept.ToArray());
    }

    /// <summary>
    /// The renamings every null scores: <paramref name="count"/> uniform permutations of
    /// 0..<paramref name="tokens"/>-1, each a Fisher-Yates shuffle of the identity, drawn in
    /// turn from one <c>new System.Random(seed)</c>. All are drawn before any is scored, so
    /// the result depends on the seed alone, however the scoring is parallelised, and the
    /// first draws of a longer sequence are the draws of a shorter one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or token count.</exception>
    public static int[][] Draws(int tokens, int count, int seed)
    {
        if (tokens < 0) throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "must not be negative");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must not be negative");
        var rng = new Random(seed);
        var draws = new int[count][];
        for (int b = 0; b < count; b++)
        {
            // Start every shuffle from the identity so each draw is uniform on its own.
            var perm = Enumerable.Range(0, tokens).ToArray();
            for (int i = tokens - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            draws[b] = perm;
        }
        return draws;
    }

    /// <summary>
    /// <see cref="Draws"/> within strata: <paramref name="count"/> permutations of the tokens,
    /// each sending every token to a token of its own stratum, drawn in turn from one
    /// <c>new System.Random(seed)</c>. Each draw starts from the identity and runs a
    /// Fisher-Yates shuffle over the members of each stratum (in increasing token order),
    /// the strata visited in increasing label order, so each draw is uniform over such
    /// permutations, a seed fixes the sequence, and with a single stratum the draws are
    /// exactly <see cref="Draws"/>'s. A stratum of one token keeps it in place.
    /// </summary>
    /// <param name="stratumOfToken">Stratum label of each token (any integers).</param>
    /// <param name="count">Draws to make.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public static int[][] StratifiedDraws(int[] stratumOfToken, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(stratumOfToken);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must not be negative");
        // GroupBy keeps each group's members in index order.
        var strata = Enumerable.Range(0, stratumOfToken.Length).GroupBy(i => stratumOfToken[i])
            .OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var rng = new Random(seed);
        var draws = new int[count][];
        for (int b = 0; b < count; b++)
        {
            var perm = Enumerable.Range(0, stratumOfToken.Length).ToArray();
            foreach (var members in strata)
                for (int i = members.Length - 1; i > 0; i--)
                {
                    int j = rng.Next(i + 1);
                    (perm[members[i]], perm[members[j]]) = (perm[members[j]], perm[members[i]]);
                }
            draws[b] = perm;
        }
        return draws;
    }

    /// <summary>The generic path: <paramref name="metric"/> on the unpermuted matrices and on
    /// each of the first <paramref name="count"/> draws, in parallel (a metric on a few
    /// thousand tokens takes seconds), read back in draw order.</summary>
    private static PermutationResult Generic(ISimilarityMetric metric, Matrix<double> observed, Matrix<double> predicted, int[][] draws, int count)
    {
        double value = metric.Measure(observed, predicted);
        var nullValues = new double[count];
        Parallel.For(0, count, b => nullValues[b] = metric.Measure(observed, SimilarityMatrices.Permute(predicted, draws[b])));
        return PermutationResult.FromDraws(metric.Name, value, nullValues);
    }
}
