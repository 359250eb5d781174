using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C9: the untied model's token embeddings against the next-token signatures of its
/// training text, over the most frequent tokens: Spearman, strong-pair precision at 1% and
/// the agreement curve, each against its permutation null, and whether the top deciles
/// agree better than the rest (the paper's "strongest for strongly similar pairs").
/// </summary>
internal static class EmbeddingNextTokenClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var lm = new LanguageModelSetting(context);
        var corpus = lm.Corpus;
        var model = lm.Model(tied: false);
        var c = lm.Compare(tied: false, unembedding: false, "next");
        var window = lm.Compare(tied: false, unembedding: false, "next_w");
        var details = new Dictionary<string, double>();
        Add(details, "", c);
        details[$"spearman_vs_next_w{lm.Scale.Window}"] = window["spearman"].Observed;
        details["final_loss"] = model.FinalLoss;
        for (int b = 0; b < c.Curve.Curve.MeanObserved.Length; b++)
        {
            details[$"decile{b + 1}_mean_cos"] = c.Curve.Curve.MeanObserved[b];
            details[$"decile{b + 1}_null_mean"] = c.Curve.NullMean[b];
        }
        var spearman = c["spearman"];
        var precision = c["strong_pair_precision"];
        return new ClaimMeasurement
        {
            PerSeed = [spearman.Observed],
            Null = spearman,
            Details = details,
            Timings = new Dictionary<string, double> { ["training_seconds"] = model.Seconds },
            Artifacts =
            [
                Heatmaps("c9_embedding_vs_next", "C9: embedding cosine vs next-token signature cosine (most frequent tokens)", corpus,
                    lm.Observed(false, false), lm.Reference("next").Cosine),
                Curve("c9_agreement_curve", "C9: mean embedding cosine per decile of next-token signature cosine", c),
            ],
            Finding = $"{Describe(spearman, "Spearman")}; {Describe(precision, "precision@1%")}; {TopDeciles(c)}; "
                + $"windowed (w = {lm.Scale.Window}, uniform) Spearman {F(window["spearman"].Observed)}; loss {F(model.FinalLoss)}.",
        };
    }
}
