using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C13: which signature a tied embedding follows. THEORY 3.1 (tied variant): a matrix used
/// both as embedding and unembedding grows under A + A^T, so the next-token and
/// previous-token signatures should act together; the untied embedding should follow the
/// next-token signature alone. Both models are compared with next, previous and the two
/// together (the mean of their cosines). Measured: the tied embedding follows the
/// previous-token signature, and the two together do not beat it; the headline is the
/// margin of previous over next.
/// </summary>
internal static class TiedEmbeddingClaim
{
    public static readonly string[] References = ["next", "previous", "next+previous"];

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var lm = new LanguageModelSetting(context);
        var corpus = lm.Corpus;
        var tied = lm.Model(tied: true);
        var details = new Dictionary<string, double>();
        var spearman = new Dictionary<(bool Tied, string Reference), double>();
        foreach (var isTied in new[] { true, false })
            foreach (var reference in References)
            {
                var c = lm.Compare(isTied, unembedding: false, reference);
                spearman[(isTied, reference)] = c["spearman"].Observed;
                string prefix = $"{(isTied ? "tied" : "untied")}_vs_{reference}_";
                details[prefix + "spearman"] = c["spearman"].Observed;
                details[prefix + "spearman_p"] = c["spearman"].PValue;
                details[prefix + "precision1pct"] = c["strong_pair_precision"].Observed;
                details[prefix + "cka"] = c["linear_cka"].Observed;
            }
        details["tied_final_loss"] = tied.FinalLoss;
        double both = spearman[(true, "next+previous")];
        double best = Math.Max(spearman[(true, "next")], spearman[(true, "previous")]);
        details["tied_together_minus_best_single"] = both - best;
        double measured = spearman[(true, "previous")] - spearman[(true, "next")];
        var headline = lm.Compare(true, false, "previous");
        return new ClaimMeasurement
        {
            PerSeed = [measured],
            Null = headline["spearman"],
            Details = details,
            Timings = new Dictionary<string, double> { ["tied_training_seconds"] = tied.Seconds },
            Artifacts =
            [
                Heatmaps("c13_tied_vs_both", "C13: tied embedding cosine vs next+previous signature cosine", corpus,
                    lm.Observed(true, false), lm.Reference("next+previous").Cosine),
                new PlotArtifact("c13_spearman_by_reference", "C13: Spearman of the embedding cosine against each signature (0 next, 1 previous, 2 both)",
                    "signature (0 next, 1 previous, 2 next+previous)", "Spearman",
                    [
                        new Series("tied", [0, 1, 2], References.Select(r => spearman[(true, r)]).ToArray()),
                        new Series("untied", [0, 1, 2], References.Select(r => spearman[(false, r)]).ToArray()),
                    ], Scatter: true),
            ],
            Finding = $"tied embedding: next {F(spearman[(true, "next")])}, previous {F(spearman[(true, "previous")])}, together {F(both)}; "
                + $"untied embedding: next {F(spearman[(false, "next")])}, previous {F(spearman[(false, "previous")])}, together {F(spearman[(false, "next+previous")])}.",
        };
    }
}
