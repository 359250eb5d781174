namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C7b: change one anchor value (A2: +1 to +3) and train again from the same seed. The
/// change in observed key cosines between the two models should follow the change in
/// label-signature cosines between the two tasks. Same seed, same initial draw: the
/// random part of the geometry largely cancels in the difference.
/// </summary>
internal static class AnchorChangeClaim
{
    /// <summary>Index of the anchor whose value changes (A2).</summary>
    public const int Anchor = 1;

    /// <summary>Its new value (was +1).</summary>
    public const int NewValue = 3;

    /// <summary>The changed task.</summary>
    public static CompositeAdditionConfig Changed()
    {
        var baseline = new CompositeAdditionConfig();
        var values = baseline.AnchorValues.ToArray();
        values[Anchor] = NewValue;
        return baseline with { AnchorValues = values };
    }

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (before, _) = NetworkKit.Task(new CompositeAdditionConfig());
        var (after, _) = NetworkKit.Task(Changed());
        var refBefore = new SignatureReference(before);
        var refAfter = new SignatureReference(after);
        var predicted = refAfter.KeyCosine - refBefore.KeyCosine;
        var spec = NetworkKit.Spec(ModelKind.Linear);

        var pearson = new List<double>();
        var spearman = new List<double>();
        var observedChangeSize = new List<double>();
        var nulls = new List<PermutationResult>();
        Matrix<double>? firstObserved = null;
        foreach (var seed in claim.Seeds)
        {
            var m0 = NetworkKit.Train(context, before.Config, spec, NetworkKit.FitTraining, seed);
            var m1 = NetworkKit.Train(context, after.Config, spec, NetworkKit.FitTraining, seed);
            var observed = EmbeddingGeometry.Cosine(m1.Embedding, refAfter.Keys) - EmbeddingGeometry.Cosine(m0.Embedding, refBefore.Keys);
            firstObserved ??= observed;
            nulls.Add(PermutationNull.Test(new PearsonMetric(), observed, predicted, NetworkKit.Permutations, seed));
            pearson.Add(nulls[^1].Observed);
            spearman.Add(new SpearmanMetric().Measure(observed, predicted));
            var (o, _) = SimilarityMatrices.OffDiagonalPairs(observed, predicted);
            observedChangeSize.Add(o.Select(Math.Abs).Average());
        }
        // The value distance is the same on both tasks: it predicts no change at all.
        var distanceChange = Matrix<double>.Build.Dense(predicted.RowCount, predicted.ColumnCount);
        var (_, p) = SimilarityMatrices.OffDiagonalPairs(predicted, predicted);
        var labels = refBefore.Keys.Select(k => before.TokenNames[k]).ToArray();
        return new ClaimMeasurement
        {
            PerSeed = pearson,
            Null = nulls[0],
            SeedNulls = nulls,
            Baselines = new Dictionary<string, double>
            {
                [ClaimMeasurement.SignatureFigure] = Mean(pearson),
                [Linear.BaselineAgreement.ValueDistance] = new PearsonMetric().Measure(firstObserved!, distanceChange),
            },
            Details = new Dictionary<string, double>
            {
                ["spearman (mean)"] = Mean(spearman),
                ["pearson min seed"] = pearson.Min(),
                ["mean |observed change|"] = Mean(observedChangeSize),
                ["mean |predicted change|"] = p.Select(Math.Abs).Average(),
            },
            Artifacts =
            [
                new HeatmapPairArtifact("c7b-cosine-change", $"C7b: change in key cosine, trained (seed {claim.Seeds[0]}) | label signature",
                    new MatrixArtifact("c7b-cosine-change-observed", "observed change", labels, labels, firstObserved!.ToArray()),
                    new MatrixArtifact("c7b-cosine-change-signature", "signature change", labels, labels, predicted.ToArray())),
            ],
            Finding = $"Pearson per seed {Format(pearson)}, Spearman per seed {Format(spearman)}",
        };
    }
}
