using ProbSig.Theory.Geometry;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C5: the unembedding side mirrors the embedding side: the output vectors of the label
/// classes are similar as their output-side signatures m_y = E[phi | Y = y] are, beyond what
/// the class distance -|y - y'| explains (the headline: the partial rank correlation given it).
/// </summary>
internal static class UnembeddingClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, claim.Seeds);
        var classes = s.LabelClasses;
        var m = s.Prediction.Signatures.OutputSignatures;                       // C x D, row y = m_y
        var pi = Vector<double>.Build.DenseOfArray(s.Prediction.Signatures.TokenMass);
        var outputRows = RowsOf(m, classes);
        var centred = RowCosine.Of(outputRows, centre: pi);
        var uncentred = RowCosine.Of(outputRows);
        // Rows of A, P(y) m_y - pi / C: what drives W_U in the linear regime (dW_U/dt = A W_E^T).
        var flowSide = RowCosine.Of(RowsOf(s.Prediction.Signatures.A, classes));

        var spearman = new SpearmanMetric();
        var observed = runs.Select(r => EmbeddingGeometry.Cosine(r.Unembedding, classes)).ToArray();
        var nulls = observed.Select((o, i) => PermutationNull.Test(spearman, o, centred, TrainedSignatureClaim.Permutations, 4000 + claim.Seeds[i])).ToArray();
        var spearmans = nulls.Select(n => n.Observed).ToArray();
        var classValues = classes.Select(y => (double)y).ToArray();   // a number class's id is its value
        var classMass = classes.Select(y => s.Prediction.Signatures.ClassMass[y]).ToArray();
        var versus = BaselineAgreement.Measure(observed, centred, BaselineAgreement.Rivals(classValues, classMass),
            TrainedSignatureClaim.Permutations, claim.Seeds.Select(seed => 6000 + seed).ToArray());
        var perSeed = versus.PartialPerSeed;
        var uncentredSpearman = observed.Select(o => spearman.Measure(o, uncentred)).ToArray();
        var flowSpearman = observed.Select(o => spearman.Measure(o, flowSide)).ToArray();
        var uncentredNull = PermutationNull.Test(spearman, observed[0], uncentred, TrainedSignatureClaim.Permutations, 4100);

        var details = new Dictionary<string, double>(NullSummary("", nulls))
        {
            ["spearman_mean"] = Mean(spearmans),
            ["spearman_min_over_seeds"] = spearmans.Min(),
            ["spearman_uncentred_output_signature_mean"] = Mean(uncentredSpearman),
            ["spearman_uncentred_output_signature_p_value_seed0"] = uncentredNull.PValue,
            ["spearman_rows_of_A_mean"] = Mean(flowSpearman),
            ["pearson_centred_mean"] = Mean(observed.Select(o => new PearsonMetric().Measure(o, centred))),
            ["label_classes"] = classes.Count,
        };
        foreach (var (name, value) in versus.Details) details[name] = value;

        var names = s.LabelClassNames;
        var artifacts = new List<Artifact>
        {
            Pair("c5_output_cosine", $"C5: output-vector cosine vs centred output-signature cosine, label classes (seed {claim.Seeds[0]})",
                names, observed[0], centred),
            Rows("c5_unembedding_seed0", $"C5: trained unembedding W_U, one row per class (seed {claim.Seeds[0]})", s.Prediction.Task.ClassNames, runs[0].Unembedding),
        };

        double measured = Mean(perSeed);
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Null = versus.Nulls[0],
            SeedNulls = versus.Nulls,
            Baselines = versus.Baselines,
            Details = details,
            Artifacts = artifacts,
            Finding = $"Partial Spearman given class distance {F(measured)} (within-distance null mean {F(versus.Nulls[0].NullMean)}, largest p {versus.Nulls.Max(n => n.PValue):G3}); "
                + $"plain Spearman {F(Mean(spearmans))} against the centred output signature (key-identity null p = {nulls[0].PValue:G3}), "
                + $"class distance {F(versus.Baselines[BaselineAgreement.ValueDistance])}, class mass {F(versus.Baselines[BaselineAgreement.Mass])}; "
                + $"{F(Mean(uncentredSpearman))} uncentred, {F(Mean(flowSpearman))} against rows of A.",
        };
    }

    /// <summary>The rows of <paramref name="m"/> for the listed classes, in that order.</summary>
    private static Matrix<double> RowsOf(Matrix<double> m, IReadOnlyList<int> classes) =>
        Matrix<double>.Build.DenseOfRowVectors(classes.Select(y => m.Row(y)));
}
