using ProbSig.Theory.Corpus;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C21: the tied embedding against the previous-token and the next-token signatures, on
/// training seeds apart from those the finding was read off; every Spearman of the tied and
/// the untied embedding against next and previous in the details.
/// </summary>
internal static class TiedPreviousTokenClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var f = new LmSeedFigures();
        var details = f.Details;
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var previous = lm.Compare(tied: true, unembedding: false, "previous");
            double next = lm.Spearman(true, false, "next");
            double measured = previous["spearman"].Observed - next;
            bool isFirst = f.First;
            var rivals = LanguageModelRivals.Measure(lm, tied: true, unembedding: false, ContextSides.Previous, f.SeedDetails);
            f.Add(measured, previous["spearman"], rivals);
            f.Differences.Add(DifferenceBootstrap.Beats(claim, "previous_minus_next", seed, lm.Observed(true, false),
                lm.Reference("previous").Cosine, lm.Reference("next").Cosine));
            details[$"difference_seed{seed}"] = measured;
            if (!isFirst) continue;
            details["tied_vs_previous_spearman"] = previous["spearman"].Observed;
            details["tied_vs_previous_spearman_p"] = previous["spearman"].PValue;
            details["tied_vs_next_spearman"] = next;
            details["tied_vs_previous_precision1pct"] = previous["strong_pair_precision"].Observed;
            details["untied_vs_previous_spearman"] = lm.Spearman(false, false, "previous");
            details["untied_vs_next_spearman"] = lm.Spearman(false, false, "next");
            details["tied_final_loss"] = lm.Model(true).FinalLoss;
            f.Artifacts.Add(Heatmaps("c21_tied_vs_previous", $"C21: tied embedding cosine vs previous-token signature cosine (seed {seed})", lm.Corpus,
                lm.Observed(true, false), lm.Reference("previous").Cosine));
            f.Artifacts.Add(Curve("c21_agreement_curve", $"C21: mean tied embedding cosine per decile of previous-token signature cosine (seed {seed})", previous));
            f.Finding = $"seed {seed}: tied embedding against the previous-token signature {Describe(previous["spearman"], "Spearman")}, against the next-token signature "
                + $"{F(next)} (difference {F(measured)}); the untied embedding: next {F(details["untied_vs_next_spearman"])}, previous {F(details["untied_vs_previous_spearman"])}; "
                + $"rivals of the tied embedding: {SignatureAgreementClaim.Rivals(rivals)}.";
        }
        return f.Measurement(timings: new Dictionary<string, double> { ["tied_training_seconds"] = new LanguageModelSetting(context).ForSeed(claim.Seeds[0]).Model(true).Seconds });
    }
}
