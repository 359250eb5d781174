using MathNet.Numerics.Statistics;
using ProbSig.Empirics.LanguageModels.Comparison;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Geometry;
using TorchSharp;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C11: ordered structure of the digit tokens 0-9 (the built-in BPE, like Qwen's, keeps every
/// digit a token of its own): |Spearman(PC1 score, digit value)| of the untied model's digit
/// embeddings, its null (digit values permuted), and the same figure for the digits'
/// centred next-token signature rows, which says whether the text itself orders them.
/// </summary>
internal static class DigitOrderClaim
{
    /// <summary>Draws of the digit-value permutation null.</summary>
    public const int Permutations = 9999;

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var figures = new LmSeedFigures();
        var details = figures.Details;
        var values = Enumerable.Range(0, 10).Select(d => (double)d).ToArray();
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var corpus = lm.Corpus;
            var untied = lm.Model(tied: false);
            var ids = Digits(corpus);
            var embedding = WeightRows.Select(untied.Embedding, ids);
            double measured = OrderedStructure.Pc1ValueSpearman(embedding, values);
            var nullResult = ValueNull(embedding, values, measured);
            bool isFirst = figures.First;
            figures.Add(measured, nullResult);
            details[$"abs_spearman_pc1_seed{seed}"] = measured;
            details[$"null_p_seed{seed}"] = nullResult.PValue;
            if (!isFirst) continue;

            // The text's own ordering: the digits' next-token signature rows over the compared
            // tokens (digits added where missing), centred by the mean row of that set.
            var tokens = corpus.Tokens.Concat(ids.Where(i => !corpus.Tokens.Contains(i))).ToArray();
            var signatures = CorpusSignatures.Compute(corpus.TrainingCounts, SignatureSide.Next, tokens, WindowWeights.Uniform(1));
            var centre = CorpusSignatureSimilarity.MeanDistribution(signatures);
            var digitRows = Matrix<double>.Build.DenseOfRowVectors(ids.Select(i => signatures.Rows.Row(Array.IndexOf(tokens, i)) - centre));
            double signatureOrder = OrderedStructure.Pc1ValueSpearman(digitRows, values);
            details["pc1_explained_variance"] = OrderedStructure.Pc1ExplainedVariance(embedding);
            details["null_mean"] = nullResult.NullMean;
            details["null_p"] = nullResult.PValue;
            details["signature_abs_spearman_pc1"] = signatureOrder;
            details["unembedding_abs_spearman_pc1"] = OrderedStructure.Pc1ValueSpearman(WeightRows.Select(untied.Unembedding, ids), values);
            details["untrained_abs_spearman_pc1"] = OrderedStructure.Pc1ValueSpearman(WeightRows.Select(untied.InitialEmbedding, ids), values);
            details["tied_abs_spearman_pc1"] = OrderedStructure.Pc1ValueSpearman(WeightRows.Select(lm.Model(tied: true).Embedding, ids), values);
            var counts = ids.Select(i => (double)corpus.TrainingCounts.Unigram(i)).ToArray();
            for (int d = 0; d < 10; d++) details[$"count_digit{d}"] = counts[d];
            details["digit_share_of_tokens"] = counts.Sum() / corpus.TrainingCounts.TokenCount;
            figures.Artifacts.Add(new PlotArtifact("c11_digit_pc1", $"C11: PC1 score of each digit embedding (untied model, seed {seed})", "digit", "PC1 score",
                [new Series("digits", values, Pc1Scores(embedding))], Scatter: true));
            figures.Artifacts.Add(Heatmaps("c11_digits", $"C11: digit embedding cosine vs next-token signature cosine (seed {seed})", DigitCorpusView(corpus, ids),
                RowCosine.MeanCentred(embedding),
                RowCosine.Of(digitRows, zeroNorm: CorpusSignatureSimilarity.ZeroRowNorm)));
            figures.Finding = $"seed {seed}: |Spearman(PC1, digit)| = {F(measured)} (digit-value permutation null mean {F(nullResult.NullMean)}, p = {nullResult.PValue:G3}); "
                + $"the digits' next-token signatures themselves give {F(signatureOrder)}, the untrained embedding {F(details["untrained_abs_spearman_pc1"])}; "
                + $"digits are {F(100 * details["digit_share_of_tokens"], 2)}% of the training tokens (least frequent digit {counts.Min():N0} times).";
        }
        // An ordering states no null (like C3): the first seed's is reported, none is judged.
        return figures.Measurement(judged: false);
    }

    private static int[] Digits(LanguageModelCorpus corpus) =>
        Enumerable.Range(0, 10).Select(d =>
        {
            var ids = corpus.Tokenizer.Encode(d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (ids.Length != 1) throw new InvalidOperationException($"the tokenizer splits digit {d} into {ids.Length} tokens; C11 needs one token per digit");
            return ids[0];
        }).ToArray();

    /// <summary>PC1 scores of the column-centred rows (sign fixed so digit 9 scores above 0).</summary>
    private static double[] Pc1Scores(Matrix<double> x)
    {
        var means = x.ColumnSums() / x.RowCount;
        var c = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => means[j]);
        var scores = (c * c.Svd(true).VT.Row(0)).ToArray();
        return scores[^1] < scores[0] ? scores.Select(s => -s).ToArray() : scores;
    }

    /// <summary>Digit values shuffled by the permutation engine's draws (seed 11); |Spearman|
    /// against the same PC1. Each draw renames the previous draw's values rather than the
    /// digits' own order, as this null always has: a uniform renaming of any arrangement is
    /// uniform, and composing keeps the claim's figures on the draws they were taken on.</summary>
    private static PermutationResult ValueNull(Matrix<double> embedding, double[] values, double observed)
    {
        var scores = Pc1Scores(embedding);
        var v = values;
        var draws = PermutationNull.Draws(values.Length, Permutations, 11).Select(perm =>
        {
            v = perm.Select(i => v[i]).ToArray();
            return Math.Abs(Correlation.Spearman(scores, v));
        }).ToArray();
        return PermutationResult.FromDraws("abs_spearman_pc1_digit", observed, draws);
    }

    /// <summary>A corpus view whose first tokens are the digits, for the heatmap labels.</summary>
    private static LanguageModelCorpus DigitCorpusView(LanguageModelCorpus corpus, int[] ids) => new()
    {
        Tokenizer = corpus.Tokenizer,
        TokenizerId = corpus.TokenizerId,
        TrainingDocuments = corpus.TrainingDocuments,
        TrainingCounts = corpus.TrainingCounts,
        HeldOutCounts = corpus.HeldOutCounts,
        OtherCounts = corpus.OtherCounts,
        MatchedTokens = corpus.MatchedTokens,
        Tokens = ids,
        TokenStrings = ids.Select(corpus.Tokenizer.TokenString).ToArray(),
        Frequency = ids.Select(i => (double)corpus.TrainingCounts.Unigram(i)).ToArray(),
        Strata = new int[ids.Length],
        Seconds = corpus.Seconds,
    };
}
