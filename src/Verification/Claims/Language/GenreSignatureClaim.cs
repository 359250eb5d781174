using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C12: next-token signatures of the model's own genres against those of the other genres,
/// both counted on documents the model never saw (the own genres' held-out documents and the
/// other genres' documents, cut to the same token count), as predictors of the untied
/// embedding's cosines over the same tokens; the per-block differences say whether the gap
/// is spread over the tokens or carried by a few.
/// </summary>
internal static class GenreSignatureClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var figures = new LmSeedFigures();
        var details = figures.Details;
        var owns = new List<double>();
        var others = new List<double>();
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var corpus = lm.Corpus;
            if (corpus.OtherCounts.TokenCount == 0 || corpus.HeldOutCounts.TokenCount == 0)
                return new ClaimMeasurement
                {
                    PerSeed = claim.Seeds.Select(_ => double.NaN).ToArray(),
                    Premise = new Premise("the corpus has documents outside the training subsets (the other genres' text)", false,
                        $"{corpus.OtherCounts.TokenCount:N0} other-genre and {corpus.HeldOutCounts.TokenCount:N0} held-out tokens in {lm.Scale.CorpusName}"),
                    Finding = $"{lm.Scale.CorpusName} has no text outside the training subsets: no genre to compare with.",
                };
            var observed = lm.Observed(tied: false, unembedding: false);
            // The same tokens on both sides: a token one set never continues is left out of both.
            var (own, other) = CommonMask(lm.Reference("next_heldout").Cosine, lm.Reference("next_other").Cosine);
            var ownResult = lm.Compare(observed, own);
            var otherResult = lm.Compare(observed, other);
            double difference = ownResult["spearman"].Observed - otherResult["spearman"].Observed;
            bool isFirst = figures.First;
            figures.Add(difference, ownResult["spearman"]);
            figures.Differences.Add(DifferenceBootstrap.Beats(claim, "own_minus_other", seed, observed, own, other));
            owns.Add(ownResult["spearman"].Observed);
            others.Add(otherResult["spearman"].Observed);
            details[$"difference_seed{seed}"] = difference;
            if (!isFirst) continue;
            var blocks = BlockDifferences(observed, own, other);
            details["spearman_own_heldout"] = ownResult["spearman"].Observed;
            details["spearman_other"] = otherResult["spearman"].Observed;
            details["spearman_own_training_documents"] = lm.Spearman(false, false, "next");
            details["precision1pct_own_heldout"] = ownResult["strong_pair_precision"].Observed;
            details["precision1pct_other"] = otherResult["strong_pair_precision"].Observed;
            details["p_own"] = ownResult["spearman"].PValue;
            details["p_other"] = otherResult["spearman"].PValue;
            details["tokens_compared"] = ownResult.Tokens;
            details["own_heldout_tokens_counted"] = corpus.HeldOutCounts.TokenCount;
            details["other_tokens_counted"] = corpus.OtherCounts.TokenCount;
            details["blocks_with_positive_difference"] = blocks.Count(d => d > 0);
            details["block_difference_min"] = blocks.Min();
            details["block_difference_max"] = blocks.Max();
            figures.Artifacts.Add(Heatmaps("c12_own_genre", $"C12: embedding cosine vs held-out own-genre next-token signature cosine (seed {seed})", corpus, observed, own));
            figures.Artifacts.Add(Heatmaps("c12_other_genre", $"C12: embedding cosine vs other-genre next-token signature cosine (seed {seed})", corpus, observed, other));
            figures.Artifacts.Add(new PlotArtifact("c12_agreement_curves", $"C12: mean embedding cosine per decile of signature cosine, own vs other genre (seed {seed})",
                "signature cosine (decile mean)", "embedding cosine (decile mean)",
                [
                    new Series("own genres, held out", ownResult.Curve.Curve.MeanPredicted, ownResult.Curve.Curve.MeanObserved),
                    new Series("other genres", otherResult.Curve.Curve.MeanPredicted, otherResult.Curve.Curve.MeanObserved),
                ]));
            figures.Finding = $"seed {seed}: held-out own genres {F(ownResult["spearman"].Observed)} vs other genres {F(otherResult["spearman"].Observed)} (difference {F(difference)}; "
                + $"the training documents themselves {F(details["spearman_own_training_documents"])}), each counted on {corpus.MatchedTokens:N0} tokens; the difference is positive in "
                + $"{blocks.Count(d => d > 0)} of {Blocks} disjoint token blocks (range {F(blocks.Min())} to {F(blocks.Max())}); frequency-stratified null p = "
                + $"{ownResult["spearman"].PValue:G3} (own), {otherResult["spearman"].PValue:G3} (other).";
        }
        return figures.Measurement(new Dictionary<string, double>
        {
            [ClaimMeasurement.SignatureFigure] = owns.Average(),
            ["next_other"] = others.Average(),
        });
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
