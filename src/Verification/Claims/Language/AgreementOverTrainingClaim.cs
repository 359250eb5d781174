using ProbSig.Theory.Geometry;
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
        var details = new Dictionary<string, double>();
        var perSeed = new List<double>();
        var nulls = new List<PermutationResult>();
        var artifacts = new List<Artifact>();
        bool startsInside = true;
        var startText = new List<string>();
        string finding = "";
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var model = lm.Model(tied: false);
            if (model.Snapshots.Count < 2)
                throw new InvalidOperationException($"the untied model of seed {seed} has {model.Snapshots.Count} weight snapshots; the curve needs step 0 and later steps");
            var embedding = Points(lm, model.Snapshots, s => s.Embedding, "next");
            var unembedding = Points(lm, model.Snapshots, s => s.Unembedding, "previous");
            double largestFall = 0;
            for (int k = 1; k < embedding.Length; k++) largestFall = Math.Max(largestFall, embedding[k - 1].Observed - embedding[k].Observed);
            perSeed.Add(largestFall);
            nulls.Add(lm.Compare(tied: false, unembedding: false, "next")["spearman"]);
            var first = embedding[0];
            double z = (first.Observed - first.NullMean) / first.NullStd;
            startsInside &= Math.Abs(z) <= BandSds;
            startText.Add($"seed {seed}: {F(first.Observed)}, {F(z, 1)} sd");
            details[$"largest_fall_seed{seed}"] = largestFall;
            details[$"step0_z_seed{seed}"] = z;
            if (perSeed.Count > 1) continue;
            for (int k = 0; k < embedding.Length; k++)
            {
                details[$"embedding_spearman_step{model.Snapshots[k].Step}"] = embedding[k].Observed;
                details[$"embedding_null_mean_step{model.Snapshots[k].Step}"] = embedding[k].NullMean;
                details[$"unembedding_spearman_step{model.Snapshots[k].Step}"] = unembedding[k].Observed;
            }
            var steps = model.Snapshots.Select(s => (double)s.Step).ToArray();
            artifacts.Add(new PlotArtifact("c22_agreement_over_training", $"C22: Spearman against the signature over training, with the frequency-stratified null band (seed {seed})",
                "optimiser step", "Spearman",
                [
                    new Series("embedding vs next-token signature", steps, embedding.Select(p => p.Observed).ToArray()),
                    new Series("unembedding vs previous-token signature", steps, unembedding.Select(p => p.Observed).ToArray()),
                    new Series("null band, upper (mean + 2 sd)", steps, embedding.Select(p => p.NullMean + 2 * p.NullStd).ToArray()),
                    new Series("null band, lower (mean - 2 sd)", steps, embedding.Select(p => p.NullMean - 2 * p.NullStd).ToArray()),
                ]));
            finding = $"seed {seed}, embedding vs next-token signature at steps {string.Join(", ", model.Snapshots.Select(s => s.Step))}: "
                + $"{string.Join(", ", embedding.Select(p => F(p.Observed)))} (null band at step 0 {F(first.NullMean)} +- {F(2 * first.NullStd)}); largest fall {F(largestFall)}; "
                + $"unembedding vs previous-token signature: {string.Join(", ", unembedding.Select(p => F(p.Observed)))}.";
        }
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Null = nulls[0],
            SeedNulls = nulls,
            Premise = new Premise($"at step 0 the embedding's Spearman lies within {BandSds} sd of its frequency-stratified null", startsInside, string.Join("; ", startText)),
            Details = details,
            Artifacts = artifacts,
            Finding = finding,
        };
    }

    /// <summary>Spearman of each snapshot's side against a reference, with a cheap stratified null band.</summary>
    private static PermutationResult[] Points(LanguageModelSetting lm, IReadOnlyList<WeightSnapshot> snapshots, Func<WeightSnapshot, Matrix<double>> side, string reference)
    {
        var predicted = lm.Reference(reference).Cosine;
        var options = LanguageModelSetting.Options(lm.Scale) with { Permutations = BandPermutations, KendallPermutations = 0 };
        return snapshots.Select(s => PermutationNull.Compare(RowCosine.MeanCentred(side(s)), predicted, options, lm.Corpus.Strata)["spearman"]).ToArray();
    }
}
