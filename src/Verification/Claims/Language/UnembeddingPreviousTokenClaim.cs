using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C10: the untied model's unembedding rows (lm_head.weight) against the previous-token
/// (output-side) signatures m_y(s) = P(x_t = s | x_{t+1} = y), with the next-token signature
/// as the contrast the theory says should fit the unembedding worse.
/// </summary>
internal static class UnembeddingPreviousTokenClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var lm = new LanguageModelSetting(context);
        var corpus = lm.Corpus;
        var c = lm.Compare(tied: false, unembedding: true, "previous");
        var contrast = lm.Compare(tied: false, unembedding: true, "next");
        var details = new Dictionary<string, double>();
        Add(details, "", c);
        details["spearman_vs_next_signature"] = contrast["spearman"].Observed;
        var spearman = c["spearman"];
        return new ClaimMeasurement
        {
            PerSeed = [spearman.Observed],
            Null = spearman,
            Details = details,
            Artifacts =
            [
                Heatmaps("c10_unembedding_vs_previous", "C10: unembedding cosine vs previous-token signature cosine (most frequent tokens)", corpus,
                    lm.Observed(false, true), lm.Reference("previous").Cosine),
                Curve("c10_agreement_curve", "C10: mean unembedding cosine per decile of previous-token signature cosine", c),
            ],
            Finding = $"{Describe(spearman, "Spearman")}; {Describe(c["strong_pair_precision"], "precision@1%")}; {TopDeciles(c)}; "
                + $"against the next-token signature instead: Spearman {F(contrast["spearman"].Observed)}.",
        };
    }
}
