using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C14: the probability signature against the classic count-based rival, PPMI-SVD of the
/// same (token, next-token) counts (THEORY 3.4), for the same model and tokens: which
/// predicts the embedding structure better, and by how much.
/// </summary>
internal static class PpmiRivalClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var lm = new LanguageModelSetting(context);
        var corpus = lm.Corpus;
        var signature = lm.Compare(tied: false, unembedding: false, "next");
        var rival = lm.Compare(tied: false, unembedding: false, "ppmi_svd");
        var observed = lm.Observed(false, false);
        var blocks = BlockDifferences(observed, lm.Reference("next").Cosine,
            lm.Reference("ppmi_svd").Cosine);
        var details = new Dictionary<string, double>();
        foreach (var m in signature.Metrics) details["signature_" + m.Metric] = m.Observed;
        foreach (var m in rival.Metrics) details["ppmi_svd_" + m.Metric] = m.Observed;
        details["ppmi_svd_spearman_p"] = rival["spearman"].PValue;
        details["blocks_signature_ahead"] = blocks.Count(d => d > 0);
        details["block_difference_min"] = blocks.Min();
        details["block_difference_max"] = blocks.Max();
        double measured = signature["spearman"].Observed - rival["spearman"].Observed;
        int metricsAhead = signature.Metrics.Zip(rival.Metrics).Count(p => p.First.Observed > p.Second.Observed);
        details["metrics_signature_ahead"] = metricsAhead;
        return new ClaimMeasurement
        {
            PerSeed = [measured],
            Null = rival["spearman"],
            Details = details,
            Artifacts =
            [
                Heatmaps("c14_embedding_vs_ppmi_svd", "C14: embedding cosine vs PPMI-SVD cosine", corpus, observed,
                    lm.Reference("ppmi_svd").Cosine),
                new PlotArtifact("c14_agreement_curves", "C14: mean embedding cosine per decile, signature vs PPMI-SVD",
                    "decile", "embedding cosine (decile mean)",
                    [
                        new Series("next-token signature", Enumerable.Range(1, signature.Curve.Curve.MeanObserved.Length).Select(i => (double)i).ToArray(), signature.Curve.Curve.MeanObserved),
                        new Series("PPMI-SVD", Enumerable.Range(1, rival.Curve.Curve.MeanObserved.Length).Select(i => (double)i).ToArray(), rival.Curve.Curve.MeanObserved),
                    ]),
            ],
            Finding = $"signature Spearman {F(signature["spearman"].Observed)} vs PPMI-SVD {F(rival["spearman"].Observed)} (difference {F(measured)}); "
                + $"the signature is ahead on {metricsAhead} of {signature.Metrics.Count} metrics and in {blocks.Count(d => d > 0)} of {Blocks} disjoint token blocks "
                + $"(block differences {F(blocks.Min())} to {F(blocks.Max())}).",
        };
    }
}
