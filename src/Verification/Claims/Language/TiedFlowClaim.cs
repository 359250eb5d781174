using ProbSig.Theory.Corpus;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C13: THEORY 3.1's tied prediction carried to a next-token LM (THEORY 3.4), the cosine of
/// exp(2t (A + A^T)) at the stated t*, against the tied embedding, beside each signature
/// alone; the same prediction at other times, the untied flow against the untied embedding
/// and the average of the two signature cosines (not the tied prediction, THEORY 3.4) are in
/// the details.
/// </summary>
internal static class TiedFlowClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var figures = new LmSeedFigures();
        var details = figures.Details;
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var flow = lm.Compare(tied: true, unembedding: false, LmReference.TiedFlow);
            double next = lm.Spearman(true, false, "next"), previous = lm.Spearman(true, false, "previous");
            double measured = flow["spearman"].Observed - Math.Max(next, previous);
            bool isFirst = figures.First;
            figures.Add(measured, flow["spearman"], LanguageModelRivals.Measure(lm, tied: true, unembedding: false, ContextSides.Both, figures.SeedDetails));
            figures.Differences.Add(DifferenceBootstrap.Beats(claim, "flow_minus_best_signature", seed, lm.Observed(true, false),
                lm.Reference(LmReference.TiedFlow).Cosine, lm.Reference("next").Cosine, lm.Reference("previous").Cosine));
            details[$"difference_seed{seed}"] = measured;
            if (!isFirst) continue;

            var reference = lm.Reference(LmReference.TiedFlow);
            details["t_star"] = lm.FlowTime(tied: true);
            details["tied_flow_spearman"] = flow["spearman"].Observed;
            details["tied_flow_spearman_p"] = flow["spearman"].PValue;
            details["tied_flow_precision1pct"] = flow["strong_pair_precision"].Observed;
            details["tied_vs_next_spearman"] = next;
            details["tied_vs_previous_spearman"] = previous;
            details["tied_vs_mean_of_two_cosines_spearman"] = lm.Spearman(true, false, "next+previous");
            foreach (var f in LmReference.FlowTimeFactors)
                details[$"tied_flow_at_{f.ToString(System.Globalization.CultureInfo.InvariantCulture)}t_star_spearman"] = lm.Spearman(true, false, LmReference.TiedFlowAt(f));
            details["untied_flow_t_star"] = lm.FlowTime(tied: false);
            details["untied_embedding_vs_untied_flow_spearman"] = lm.Spearman(false, false, LmReference.UntiedFlow);
            details["untied_embedding_vs_next_spearman"] = lm.Spearman(false, false, "next");
            figures.Artifacts.Add(Heatmaps("c13_tied_vs_tied_flow", $"C13: tied embedding cosine vs tied-flow cosine at t* (seed {seed})", lm.Corpus,
                lm.Observed(true, false), reference.Cosine));
            figures.Artifacts.Add(new PlotArtifact("c13_spearman_by_reference", $"C13: Spearman of the tied embedding cosine against each prediction (seed {seed})",
                "prediction (0 next, 1 previous, 2 tied flow at t*)", "Spearman",
                [new Series("tied embedding", [0, 1, 2], [next, previous, flow["spearman"].Observed])], Scatter: true));
            figures.Finding = $"seed {seed}: tied flow at t* = {F(details["t_star"], 1)}: {Describe(flow["spearman"], "Spearman")}; next-token signature {F(next)}, "
                + $"previous-token {F(previous)} (difference {F(measured)}); at t*/4, t*/2, 2 t*: "
                + string.Join(", ", LmReference.FlowTimeFactors.Select(f => F(details[$"tied_flow_at_{f.ToString(System.Globalization.CultureInfo.InvariantCulture)}t_star_spearman"])))
                + $"; untied flow vs untied embedding {F(details["untied_embedding_vs_untied_flow_spearman"])} (next-token signature {F(details["untied_embedding_vs_next_spearman"])}).";
        }
        return figures.Measurement();
    }
}
