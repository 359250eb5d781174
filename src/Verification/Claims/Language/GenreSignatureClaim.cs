using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C12: signatures counted from the genre set the model was trained on predict its
/// embeddings better than signatures from another genre set, over the same tokens. The
/// training set's signatures come from a document subset with as many tokens as the other
/// set, so that sample size does not decide the comparison.
/// </summary>
internal static class GenreSignatureClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var lm = new LanguageModelSetting(context);
        var corpus = lm.Corpus;
        var observed = lm.Observed(tied: false, unembedding: false);
        var own = lm.Reference("next_matched").Cosine;
        var other = lm.Reference("next_other").Cosine;
        // The same tokens on both sides: a token the other set never continues is left out of both.
        var (ownMasked, otherMasked) = CommonMask(own, other);
        var ownResult = lm.Compare(observed, ownMasked);
        var otherResult = lm.Compare(observed, otherMasked);
        var full = lm.Compare(tied: false, unembedding: false, "next");
        double difference = ownResult["spearman"].Observed - otherResult["spearman"].Observed;
        var blocks = BlockDifferences(observed, ownMasked, otherMasked);
        var details = new Dictionary<string, double>
        {
            ["spearman_own_matched"] = ownResult["spearman"].Observed,
            ["spearman_other"] = otherResult["spearman"].Observed,
            ["spearman_own_full"] = full["spearman"].Observed,
            ["precision1pct_own_matched"] = ownResult["strong_pair_precision"].Observed,
            ["precision1pct_other"] = otherResult["strong_pair_precision"].Observed,
            ["cka_own_matched"] = ownResult["linear_cka"].Observed,
            ["cka_other"] = otherResult["linear_cka"].Observed,
            ["p_own"] = ownResult["spearman"].PValue,
            ["p_other"] = otherResult["spearman"].PValue,
            ["tokens_compared"] = ownResult.Tokens,
            ["own_matched_tokens_counted"] = corpus.MatchedTrainingCounts.TokenCount,
            ["other_tokens_counted"] = corpus.OtherCounts.TokenCount,
            ["blocks_with_positive_difference"] = blocks.Count(d => d > 0),
            ["block_difference_min"] = blocks.Min(),
            ["block_difference_max"] = blocks.Max(),
        };
        return new ClaimMeasurement
        {
            PerSeed = [difference],
            Null = ownResult["spearman"],
            Details = details,
            Artifacts =
            [
                Heatmaps("c12_own_genre", "C12: embedding cosine vs own-genre (size-matched) next-token signature cosine", corpus, observed, ownMasked),
                Heatmaps("c12_other_genre", "C12: embedding cosine vs other-genre next-token signature cosine", corpus, observed, otherMasked),
                new PlotArtifact("c12_agreement_curves", "C12: mean embedding cosine per decile of signature cosine, own vs other genre",
                    "signature cosine (decile mean)", "embedding cosine (decile mean)",
                    [
                        new Series("own genre (size-matched)", ownResult.Curve.Curve.MeanPredicted, ownResult.Curve.Curve.MeanObserved),
                        new Series("other genre", otherResult.Curve.Curve.MeanPredicted, otherResult.Curve.Curve.MeanObserved),
                    ]),
            ],
            Finding = $"own genre {F(ownResult["spearman"].Observed)} vs other genre {F(otherResult["spearman"].Observed)} (difference {F(difference)}; "
                + $"own genre with all its text {F(full["spearman"].Observed)}); the difference is positive in {blocks.Count(d => d > 0)} of {Blocks} disjoint "
                + $"token blocks (range {F(blocks.Min())} to {F(blocks.Max())}); both far above the null (p = {ownResult["spearman"].PValue:G3}, {otherResult["spearman"].PValue:G3}).",
        };
    }

    private static (Matrix<double>, Matrix<double>) CommonMask(Matrix<double> a, Matrix<double> b)
    {
        var x = a.Clone();
        var y = b.Clone();
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++)
                if (double.IsNaN(x[i, j]) || double.IsNaN(y[i, j])) { x[i, j] = double.NaN; y[i, j] = double.NaN; }
        return (x, y);
    }
}
