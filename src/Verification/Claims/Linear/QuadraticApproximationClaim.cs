namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C17: THEORY 3.2's quadratic approximation (softmax expanded around uniform, so the
/// co-occurrence Sigma enters) against the label signature, on the trained C2 runs. Its
/// fixed point gives a balanced embedding Gram (M^T M)^{1/2}, M = C A Sigma^+; the claim
/// asks whether its key cosines rank the trained key cosines at least as well as the
/// centred label signature does (THEORY 3.2 warns a first measurement found it did not).
/// </summary>
internal static class QuadraticApproximationClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (quadratic, quadraticKeys, signatureKeys, distance, observed) = Setting.Of(claim, context);
        var spearman = new SpearmanMetric();
        var quadraticSpearman = observed.Select(o => spearman.Measure(o, quadraticKeys)).ToArray();
        var signatureSpearman = observed.Select(o => spearman.Measure(o, signatureKeys)).ToArray();
        var perSeed = quadraticSpearman.Zip(signatureSpearman, (q, l) => q - l).ToArray();
        var details = new Dictionary<string, double>
        {
            ["spearman quadratic approximation, mean"] = Mean(quadraticSpearman),
            ["spearman label signature, mean"] = Mean(signatureSpearman),
            ["spearman quadratic vs label signature (the two predictions)"] = spearman.Measure(quadraticKeys, signatureKeys),
            ["partial spearman of the quadratic approximation given value distance, mean"] = Mean(observed.Select(o => PartialRankCorrelation.Measure(o, quadraticKeys, distance))),
            ["alignment error ||Sigma A^T A - A^T A Sigma|| / (||Sigma|| ||A^T A||)"] = quadratic.AlignmentError,
            ["undefined tokens at the fixed point"] = quadratic.UndefinedTokens.Count,
        };
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Differences = claim.Seeds.Select((seed, k) =>
                DifferenceBootstrap.Beats(claim, "quadratic_minus_label_signature", seed, observed[k], quadraticKeys, signatureKeys)).ToArray(),
            Baselines = new Dictionary<string, double>
            {
                [ClaimMeasurement.SignatureFigure] = Mean(quadraticSpearman),
                ["label_signature"] = Mean(signatureSpearman),
                [BaselineAgreement.ValueDistance] = Mean(observed.Select(o => spearman.Measure(o, distance))),
            },
            Details = details,
            Finding = $"Spearman against the trained key cosines: quadratic approximation {F(Mean(quadraticSpearman))}, label signature {F(Mean(signatureSpearman))} "
                + $"(difference {F(Mean(perSeed))}); alignment error {F(quadratic.AlignmentError)}.",
        };
    }

    /// <summary>C18, found in C17's figures on the C2 seeds and confirmed on fresh ones: given
    /// the value distance, the quadratic approximation explains more of the trained key
    /// cosines than the label signature (partial Spearman difference per seed).</summary>
    public static ClaimMeasurement MeasureBeyondDistance(ClaimDefinition claim, ClaimContext context)
    {
        var (_, quadraticKeys, signatureKeys, distance, observed) = Setting.Of(claim, context);
        var quadratic = observed.Select(o => PartialRankCorrelation.Measure(o, quadraticKeys, distance)).ToArray();
        var signature = observed.Select(o => PartialRankCorrelation.Measure(o, signatureKeys, distance)).ToArray();
        var perSeed = quadratic.Zip(signature, (q, l) => q - l).ToArray();
        // Keys are what is resampled; the value distance rides along as the fourth matrix.
        var differences = claim.Seeds.Select((seed, k) => DifferenceBootstrap.Of(claim, "partial_quadratic_minus_label_signature", seed,
            [observed[k], quadraticKeys, signatureKeys, distance], s => s.PartialSpearman(0, 1, 3) - s.PartialSpearman(0, 2, 3))).ToArray();
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Differences = differences,
            Baselines = new Dictionary<string, double>
            {
                [ClaimMeasurement.SignatureFigure] = Mean(quadratic),
                ["label_signature"] = Mean(signature),
            },
            Details = new Dictionary<string, double>
            {
                ["partial spearman quadratic | value distance, mean"] = Mean(quadratic),
                ["partial spearman label signature | value distance, mean"] = Mean(signature),
                ["partial spearman quadratic | value distance, min seed"] = quadratic.Min(),
            },
            Finding = $"given the value distance, partial Spearman {F(Mean(quadratic))} for the quadratic approximation against {F(Mean(signature))} "
                + $"for the label signature (difference {F(Mean(perSeed))}) on seeds {string.Join(", ", claim.Seeds)}.",
        };
    }

    /// <summary>What C17 and C18 compare, over the keys: the quadratic approximation and its
    /// key cosines, the centred label signature's, the value distance, and the observed key
    /// cosines of each seed's C2 run.</summary>
    private sealed record Setting(QuadraticApproximation Quadratic, Matrix<double> QuadraticKeys, Matrix<double> SignatureKeys,
        Matrix<double> Distance, Matrix<double>[] Observed)
    {
        public static Setting Of(ClaimDefinition claim, ClaimContext context)
        {
            var s = DefaultLinearSetting.Instance;
            var signatures = s.Prediction.Signatures;
            var quadratic = new QuadraticApproximation(signatures.A, signatures.Sigma);
            return new Setting(quadratic, SimilarityMatrices.Restrict(quadratic.EmbeddingCosine, s.Keys), SignatureSimilarity.Centred(signatures, s.Keys),
                Theory.Baselines.RivalBaselines.ValueDistance(s.KeyValues),
                s.TrainedAll(context, claim.Seeds).Select(r => DefaultLinearSetting.EmbeddingCosine(r, s.Keys)).ToArray());
        }
    }
}
