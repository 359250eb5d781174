namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C2: after training well past the linear regime, the key embeddings' cosines still rank
/// like the keys' label-signature cosines (THEORY 6), beyond what the keys' value distance
/// explains (the headline: the partial rank correlation given -|i - j|).
/// </summary>
internal static class TrainedSignatureClaim
{
    /// <summary>Strong pairs: the top 5% of the 780 key pairs (39 pairs, about one per key),
    /// the "strongly similar" end the paper's claim is about; the MetricSet default.</summary>
    public const double StrongPairFraction = 0.05;

    /// <summary>Permutations of the null: p can reach 1/200 = 0.005.</summary>
    public const int Permutations = 199;

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, claim.Seeds);
        var predicted = SignatureSimilarity.Centred(s.Prediction.Signatures, s.Keys);
        var uncentred = SignatureSimilarity.Uncentred(s.Prediction.Signatures, s.Keys);
        var spearman = new SpearmanMetric();
        var precision = new StrongPairPrecisionMetric(StrongPairFraction);

        var observedKeys = runs.Select(r => DefaultLinearSetting.EmbeddingCosine(r, s.Keys)).ToArray();
        var spearmanNull = new List<PermutationResult>();
        var precisionNull = new List<PermutationResult>();
        var uncentredSpearman = new List<double>();
        foreach (var (observed, i) in observedKeys.Select((o, i) => (o, i)))
        {
            spearmanNull.Add(PermutationNull.Test(spearman, observed, predicted, Permutations, 1000 + claim.Seeds[i]));
            precisionNull.Add(PermutationNull.Test(precision, observed, predicted, Permutations, 2000 + claim.Seeds[i]));
            uncentredSpearman.Add(spearman.Measure(observed, uncentred));
        }
        var versus = BaselineAgreement.Measure(observedKeys, predicted, BaselineAgreement.Rivals(s.KeyValues, KeyMass(s)),
            Permutations, claim.Seeds.Select(seed => 5000 + seed).ToArray());
        var perSeed = versus.PartialPerSeed;
        var spearmans = spearmanNull.Select(r => r.Observed).ToArray();
        var precisions = precisionNull.Select(r => r.Observed).ToArray();

        var details = NullSummary("spearman_", spearmanNull);
        foreach (var (name, value) in versus.Details) details[name] = value;
        details["strong_pair_precision_q0.05_mean"] = Mean(precisions);
        details["strong_pair_precision_min_over_seeds"] = precisions.Min();
        foreach (var (name, value) in NullSummary("strong_pair_precision_", precisionNull))
            details[name] = value;
        details["spearman_uncentred_signature_mean"] = Mean(uncentredSpearman);
        details["final_loss_mean"] = Mean(runs.Select(r => r.Result.FinalLoss));
        details["final_accuracy_mean"] = Mean(runs.Select(r => r.Result.FinalAccuracy));
        details["final_r_cos_mean"] = Mean(runs.Select(r => r.Result.Curves[DefaultLinearSetting.RcosCurve][^1]));
        details["peak_r_cos_mean"] = Mean(runs.Select(r => r.Result.Curves[DefaultLinearSetting.RcosCurve].Where(double.IsFinite).Max()));
        for (int i = 0; i < runs.Length; i++)
            details[$"strong_pair_precision_seed{claim.Seeds[i]}"] = precisions[i];

        var first = runs[0];
        var steps = first.Result.LoggedSteps.Select(k => (double)k).ToArray();
        var rcos = runs.Select((r, i) => new Series($"seed {claim.Seeds[i]}", steps, r.Result.Curves[DefaultLinearSetting.RcosCurve].ToArray())).ToList();
        var curve = AgreementCurve.Compute(DefaultLinearSetting.EmbeddingCosine(first, s.Keys), predicted);
        var artifacts = new List<Artifact>
        {
            Pair("c2_cosine_trained", $"C2: trained embedding cosine vs centred label-signature cosine, keys and anchors (seed {claim.Seeds[0]})",
                s.TokenNames, DefaultLinearSetting.EmbeddingCosine(first, s.Tokens), s.Agreement.Predicted),
            new PlotArtifact("c2_r_cos", "C2: R_cos (Pearson, centred signature, keys and anchors) along training", "step", "R_cos", rcos),
            new PlotArtifact("c2_agreement_curve", $"C2: mean observed key cosine per decile of signature cosine (seed {claim.Seeds[0]})",
                "signature cosine (bin mean)", "observed cosine (bin mean)", [new Series("keys", curve.MeanPredicted, curve.MeanObserved)]),
            Rows("c2_embedding_seed0", $"C2: trained embedding W_E^T, one row per token (seed {claim.Seeds[0]})", s.Prediction.Task.TokenNames, first.Embedding),
            new PlotArtifact("c2_loss", "C2: population loss along training", "step", "loss",
                runs.Select((r, i) => new Series($"seed {claim.Seeds[i]}", steps, r.Result.Loss.ToArray())).ToList()),
        };

        double measured = Mean(perSeed);
        var worst = versus.Nulls.MaxBy(n => n.PValue)!;
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Null = versus.Nulls[0],
            SeedNulls = versus.Nulls,
            Baselines = versus.Baselines,
            Details = details,
            Artifacts = artifacts,
            Finding = $"Partial Spearman given value distance {F(measured)} (within-distance null mean {F(versus.Nulls[0].NullMean)}, largest p {worst.PValue:G3}); "
                + $"plain Spearman {F(Mean(spearmans))} against value distance's {F(versus.Baselines[BaselineAgreement.ValueDistance])} "
                + $"(key-identity null p = {spearmanNull[0].PValue:G3}); strong-pair precision@{StrongPairFraction} "
                + $"{F(Mean(precisions))} (null {F(precisionNull[0].NullMean)}, p = {precisionNull[0].PValue:G3}); loss {F(details["final_loss_mean"])}.",
        };
    }

    /// <summary>Each key's token mass pi_k (equal for every key of the default task).</summary>
    private static double[] KeyMass(DefaultLinearSetting s) => s.Keys.Select(k => s.Prediction.Signatures.TokenMass[k]).ToArray();
}
