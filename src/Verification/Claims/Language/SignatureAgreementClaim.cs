using ProbSig.Theory.Corpus;
using static ProbSig.Verification.Claims.Language.LanguageModelFigures;

namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// C9 and C10, one measurement for the two sides: the untied model's embedding against the
/// next-token signatures (C9) or its unembedding rows (lm_head.weight) against the
/// previous-token signatures m_y(s) = P(x_t = s | x_{t+1} = y) (C10), over the most frequent
/// tokens, for every training seed: Spearman with its frequency-stratified null (the
/// headline), every metric and the agreement curve, the other side's signature as contrast,
/// and the rivals (<see cref="LanguageModelRivals"/>).
/// </summary>
internal static class SignatureAgreementClaim
{
    /// <summary>C9: the embedding against the next-token signature.</summary>
    public static ClaimMeasurement MeasureEmbedding(ClaimDefinition claim, ClaimContext context) => Measure(claim, context, unembedding: false);

    /// <summary>C10: the unembedding against the previous-token signature.</summary>
    public static ClaimMeasurement MeasureUnembedding(ClaimDefinition claim, ClaimContext context) => Measure(claim, context, unembedding: true);

    private static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context, bool unembedding)
    {
        string reference = unembedding ? "previous" : "next", contrast = unembedding ? "next" : "previous";
        string id = claim.Id.ToLowerInvariant(), side = unembedding ? "unembedding" : "embedding";
        var f = new LmSeedFigures();
        foreach (int seed in claim.Seeds)
        {
            var lm = new LanguageModelSetting(context).ForSeed(seed);
            var c = lm.Compare(tied: false, unembedding, reference);
            bool isFirst = f.First;
            var rivals = LanguageModelRivals.Measure(lm, tied: false, unembedding, unembedding ? ContextSides.Previous : ContextSides.Next, f.SeedDetails);
            f.Add(c["spearman"].Observed, c["spearman"], rivals);
            f.Details[$"spearman_seed{seed}"] = c["spearman"].Observed;
            if (!isFirst) continue;
            Add(f.Details, "", c);
            f.Details[$"spearman_vs_{contrast}_signature"] = lm.Spearman(false, unembedding, contrast);
            f.Details[$"spearman_vs_{reference}_w{lm.Scale.Window}"] = lm.Spearman(false, unembedding, reference + "_w");
            f.Details["final_loss"] = lm.Model(false).FinalLoss;
            f.Artifacts.AddRange(
            [
                Heatmaps($"{id}_{side}_vs_{reference}", $"{claim.Id}: {side} cosine vs {reference}-token signature cosine (most frequent tokens, seed {seed})",
                    lm.Corpus, lm.Observed(false, unembedding), lm.Reference(reference).Cosine),
                Curve($"{id}_agreement_curve", $"{claim.Id}: mean {side} cosine per decile of {reference}-token signature cosine (seed {seed})", c),
                .. NullInputs(lm, unembedding, reference),
            ]);
            f.Finding = $"seed {seed}: {Describe(c["spearman"], "Spearman")} under the frequency-stratified null; "
                + $"{Describe(c["strong_pair_precision"], "precision@1%")}; against the {contrast}-token signature {F(f.Details[$"spearman_vs_{contrast}_signature"])}; "
                + $"rivals: {Rivals(rivals)} (best {rivals.MaxBy(r => r.Value).Key}); {TopDeciles(c)}.";
        }
        return f.Measurement(timings: new Dictionary<string, double> { ["training_seconds"] = new LanguageModelSetting(context).ForSeed(claim.Seeds[0]).Model(false).Seconds });
    }

    /// <summary>The full matrices and strata the headline's null was drawn from, for the
    /// independent check (tests/Snapshots/Reference/stratified_null_check.js).</summary>
    private static Artifact[] NullInputs(LanguageModelSetting lm, bool unembedding, string reference) =>
    [
        new DataArtifact("stratified_null_observed", "observed cosine (every compared token)", lm.Observed(false, unembedding).ToArray()),
        new DataArtifact("stratified_null_predicted", $"{reference}-token signature cosine (every compared token)", lm.Reference(reference).Cosine.ToArray()),
        new DataArtifact("stratified_null_strata", "frequency stratum of each compared token", Column(lm.Corpus.Strata.Select(s => (double)s))),
    ];

    /// <summary>An N x 1 array.</summary>
    public static double[,] Column(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var result = new double[v.Length, 1];
        for (int i = 0; i < v.Length; i++) result[i, 0] = v[i];
        return result;
    }

    /// <summary>"frequency 0.12, untrained 0.05, ppmi_svd 0.31".</summary>
    public static string Rivals(IReadOnlyDictionary<string, double> rivals) => string.Join(", ", rivals.Select(r => $"{r.Key} {F(r.Value)}"));
}
