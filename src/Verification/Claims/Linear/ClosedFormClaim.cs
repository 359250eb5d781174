namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C1: at small initialisation the linear model's embedding cosines follow the closed form
/// of THEORY 3.1 up to the end of the linear regime t*, and the agreement falls after it.
/// </summary>
internal static class ClosedFormClaim
{
    /// <summary>The rival of the closed form: the centred label-signature cosine at the same step.</summary>
    public const string LabelSignatureBaseline = "label_signature";

    /// <summary>The uncentred label-signature cosine.</summary>
    public const string UncentredLabelSignatureBaseline = "label_signature_uncentred";

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        double eta = DefaultLinearSetting.FlowLearningRate;
        _ = ClosedFormRun.Predictions.Value;
        var runs = SeedParallel.Run(claim.Seeds, seed => ClosedFormRun.Get(context, seed));
        int kStar = ClosedFormRun.StepNearestTStar;
        var perSeed = runs.Select(r => r.Discrete[kStar]).ToArray();

        // The time course averaged over seeds, from step 1 (step 0 predicts I: nothing to correlate).
        var steps = runs[0].Steps;
        var meanDiscrete = steps.Select(k => Mean(runs.Select(r => r.Discrete[k]))).ToArray();
        var meanContinuous = steps.Select(k => Mean(runs.Select(r => r.Continuous[k]))).ToArray();
        int peak = Enumerable.Range(1, steps.Count - 1).MaxBy(k => meanDiscrete[k]);
        int last = steps.Count - 1;
        int Step(double t) => Math.Min(last, (int)Math.Round(t / eta));
        var peakPerSeed = runs.Select(r => Enumerable.Range(1, steps.Count - 1).MaxBy(k => r.Discrete[k]) * eta / s.TStar).ToArray();

        var details = new Dictionary<string, double>
        {
            ["sigma_1"] = s.Prediction.Flow.Sigma1,
            ["t_star"] = s.TStar,
            ["step_nearest_t_star"] = kStar,
            ["pearson_continuous_form_at_t_star"] = Mean(runs.Select(r => r.Continuous[kStar])),
            ["pearson_at_t50"] = meanDiscrete[Step(50)],
            ["pearson_at_t60"] = meanDiscrete[Step(60)],
            ["peak_pearson"] = meanDiscrete[peak],
            ["peak_t_over_t_star"] = peak * eta / s.TStar,
            ["peak_t_over_t_star_min_over_seeds"] = peakPerSeed.Min(),
            ["peak_t_over_t_star_max_over_seeds"] = peakPerSeed.Max(),
            ["pearson_at_2_t_star"] = meanDiscrete[Step(2 * s.TStar)],
            ["pearson_at_3_t_star"] = meanDiscrete[last],
            ["drop_from_peak_to_3_t_star"] = meanDiscrete[peak] - meanDiscrete[last],
            ["embedding_frobenius_at_t_star"] = Mean(runs.Select(r => Frobenius(r.Model.Result.Snapshots.Single().Embedding))),
            ["loss_at_3_t_star"] = Mean(runs.Select(r => r.Model.Result.FinalLoss)),
        };

        var tOverTStar = steps.Skip(1).Select(k => k * eta / s.TStar).ToArray();
        var lines = runs.Select((r, i) => new Series($"seed {claim.Seeds[i]}", tOverTStar, r.Discrete.Skip(1).ToArray())).ToList();
        lines.Add(new Series("mean, continuous form", tOverTStar, meanContinuous.Skip(1).ToArray()));
        var first = runs[0].Model.Result.Snapshots.Single();
        var artifacts = new List<Artifact>
        {
            new PlotArtifact("c1_time_course", "C1: Pearson(observed, closed-form cosine) over keys and anchors against t / t*",
                "t / t*", "Pearson", lines),
            Pair("c1_cosine_at_t_star", $"C1: embedding cosine at t = {kStar * eta} (seed {claim.Seeds[0]})", s.TokenNames,
                EmbeddingGeometry.Cosine(first.Embedding, s.Tokens), ClosedFormRun.Predictions.Value[kStar].Discrete),
        };

        // The rival: the label signature itself, which the closed form refines (THEORY 3.1).
        var pearson = new PearsonMetric();
        var atTStar = runs.Select(r => EmbeddingGeometry.Cosine(r.Model.Result.Snapshots.Single().Embedding, s.Tokens)).ToArray();
        var baselines = new Dictionary<string, double>
        {
            [ClaimMeasurement.SignatureFigure] = Mean(perSeed),
            [LabelSignatureBaseline] = Mean(atTStar.Select(o => pearson.Measure(o, s.Agreement.Predicted))),
            [UncentredLabelSignatureBaseline] = Mean(atTStar.Select(o => pearson.Measure(o, SignatureSimilarity.Uncentred(s.Prediction.Signatures, s.Tokens)))),
        };

        double measured = Mean(perSeed);
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Baselines = baselines,
            Details = details,
            Artifacts = artifacts,
            Finding = $"Pearson {F(measured)} at t = {kStar * eta} (t* = {F(s.TStar, 1)}); the mean time course peaks at t = {F(peak * eta / s.TStar, 2)} t* "
                + $"({F(meanDiscrete[peak])}) and falls to {F(meanDiscrete[last])} at 3 t*; the label-signature cosine alone gives {F(baselines[LabelSignatureBaseline])} at t*.",
        };
    }

    private static double Frobenius(double[,] m)
    {
        double sum = 0;
        foreach (var x in m) sum += x * x;
        return Math.Sqrt(sum);
    }
}
