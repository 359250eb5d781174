using ProbSig.Empirics.LanguageModels.Comparison;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C22: the LM metrics over one training run, step 0 included (the ICLR reviewers' request):
/// Spearman of the untied embedding against the next-token signature and of the unembedding
/// against the previous-token signature at each snapshot of <see cref="LanguageModelScale.CurveSteps"/>,
/// each with a frequency-stratified null band of <see cref="BandPermutations"/> draws (drawn,
/// not judged: the judged null is the last point's, C9's comparison with its 199 draws).
/// </summary>
internal static class AgreementOverTrainingClaim
{
    /// <summary>Draws of each point's null band (mean +- 2 sd in the figure).</summary>
    public const int BandPermutations = 19;

    /// <summary>How far from its null mean step 0 may lie, in null sds, and still count as inside the band.</summary>
    public const double BandSds = 3;

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var figures = new LmSeedFigures();
        var details = figures.Details;
        bool startsInside = true;
        var startText = new List<string>();
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var model = lm.Model(tied: false);
            if (model.Snapshots.Count < 2)
                throw new InvalidOperationException($"the untied model of seed {seed} has {model.Snapshots.Count} weight snapshots; the curve needs step 0 and later steps");
            // The curve points of `lm train --eval-every` (one implementation: TrainingCurve), with the claims' options.
            var curve = new TrainingCurve(lm.Corpus.Tokens, lm.Reference("next"), lm.Reference("previous"), lm.Corpus.Strata,
                LanguageModelSetting.Options(lm.Scale) with { Permutations = BandPermutations, KendallPermutations = 0 });
            var points = model.Snapshots.Select(s => curve.Measure(s.Step, s.Embedding, s.Unembedding)).ToArray();
            var embedding = points.Select(p => p.Embedding).ToArray();
            var unembedding = points.Select(p => p.Unembedding).ToArray();
            double largestFall = 0;
            for (int k = 1; k < embedding.Length; k++) largestFall = Math.Max(largestFall, embedding[k - 1].Spearman - embedding[k].Spearman);
            bool isFirst = figures.First;
            figures.Add(largestFall, lm.Compare(tied: false, unembedding: false, "next")["spearman"]);
            var first = embedding[0];
            double z = (first.Spearman - first.NullMean) / first.NullSd;
            startsInside &= Math.Abs(z) <= BandSds;
            startText.Add($"seed {seed}: {F(first.Spearman)}, {F(z, 1)} sd");
            details[$"largest_fall_seed{seed}"] = largestFall;
            details[$"step0_z_seed{seed}"] = z;
            if (!isFirst) continue;
            for (int k = 0; k < embedding.Length; k++)
            {
                details[$"embedding_spearman_step{model.Snapshots[k].Step}"] = embedding[k].Spearman;
                details[$"embedding_null_mean_step{model.Snapshots[k].Step}"] = embedding[k].NullMean;
                details[$"unembedding_spearman_step{model.Snapshots[k].Step}"] = unembedding[k].Spearman;
            }
            var steps = model.Snapshots.Select(s => (double)s.Step).ToArray();
            figures.Artifacts.Add(new PlotArtifact("c22_agreement_over_training", $"C22: Spearman against the signature over training, with the frequency-stratified null band (seed {seed})",
                "optimiser step", "Spearman",
                [
                    new Series("embedding vs next-token signature", steps, embedding.Select(p => p.Spearman).ToArray()),
                    new Series("unembedding vs previous-token signature", steps, unembedding.Select(p => p.Spearman).ToArray()),
                    new Series("null band, upper (mean + 2 sd)", steps, embedding.Select(p => p.NullMean + 2 * p.NullSd).ToArray()),
                    new Series("null band, lower (mean - 2 sd)", steps, embedding.Select(p => p.NullMean - 2 * p.NullSd).ToArray()),
                ]));
            figures.Finding = $"seed {seed}, embedding vs next-token signature at steps {string.Join(", ", model.Snapshots.Select(s => s.Step))}: "
                + $"{string.Join(", ", embedding.Select(p => F(p.Spearman)))} (null band at step 0 {F(first.NullMean)} +- {F(2 * first.NullSd)}); largest fall {F(largestFall)}; "
                + $"unembedding vs previous-token signature: {string.Join(", ", unembedding.Select(p => F(p.Spearman)))}.";
        }
        return figures.Measurement(premise: new Premise($"at step 0 the embedding's Spearman lies within {BandSds} sd of its frequency-stratified null",
            startsInside, string.Join("; ", startText)));
    }
}
