namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C6: the C2 to C5 figures for feed-forward networks (tanh, GELU and SiLU; embedding MLP
/// and hidden-layer MLP) trained to fit the default task from a small initialisation. The
/// headline is the weakest configuration's fingerprint (the detrended distance profile of
/// C4): on this task the key signature is a function of |i - j| (C2), so the shape of that
/// function is what only the signature explains. ReLU, outside the smooth expansion of
/// THEORY 3.3, is measured and reported as empirical only, not in the headline.
/// </summary>
internal static class FeedForwardSignatureClaim
{
    /// <summary>The configurations the theory covers, in report order, with short names.</summary>
    public static readonly IReadOnlyList<(string Name, ModelKind Kind, Activation Activation)> Configurations =
    [
        ("tanh-emb", ModelKind.EmbeddingMlp, Activation.Tanh),
        ("gelu-emb", ModelKind.EmbeddingMlp, Activation.Gelu),
        ("silu-emb", ModelKind.EmbeddingMlp, Activation.Silu),
        ("tanh-hid", ModelKind.HiddenLayerMlp, Activation.Tanh),
        ("gelu-hid", ModelKind.HiddenLayerMlp, Activation.Gelu),
        ("silu-hid", ModelKind.HiddenLayerMlp, Activation.Silu),
    ];

    /// <summary>Measured beside them, empirical only: ReLU has no Taylor coefficients at 0.</summary>
    public static readonly IReadOnlyList<(string Name, ModelKind Kind, Activation Activation)> EmpiricalConfigurations =
    [
        ("relu-emb", ModelKind.EmbeddingMlp, Activation.Relu),
        ("relu-hid", ModelKind.HiddenLayerMlp, Activation.Relu),
    ];

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (task, _) = NetworkKit.Task(new CompositeAdditionConfig());
        var reference = new SignatureReference(task);
        var fingerprint = new Linear.FingerprintMetric(reference.Keys, NetworkKit.MaxDelta);
        var distance = Theory.Baselines.RivalBaselines.ValueDistance(reference.Keys.Select(k => (double)k).ToArray());
        var details = new Dictionary<string, double>();
        var artifacts = new List<Artifact>();
        var perConfiguration = new List<(string Name, double[] Fingerprint, PermutationResult[] Nulls)>();

        foreach (var (name, kind, activation) in Configurations.Concat(EmpiricalConfigurations))
        {
            var spec = NetworkKit.Spec(kind, activation);
            var models = claim.Seeds.Select(seed => NetworkKit.Train(context, task.Config, spec, NetworkKit.FitTraining, seed)).ToArray();
            var figures = models.Select(m => SignatureFigures.Measure(reference, m)).ToArray();
            var nulls = models.Select(m => PermutationNull.Test(fingerprint, EmbeddingGeometry.Cosine(m.Embedding, reference.Keys),
                reference.KeyCosine, NetworkKit.Permutations, (int)m.Seed)).ToArray();
            var prints = nulls.Select(n => n.Observed).ToArray();
            string label = EmpiricalConfigurations.Any(c => c.Name == name) ? $"{name} (empirical only)" : name;
            if (!label.Contains("empirical")) perConfiguration.Add((name, prints, nulls));
            details[$"{label} fingerprint"] = Mean(prints);
            details[$"{label} fingerprint min seed"] = prints.Min();
            details[$"{label} fingerprint null p max over seeds"] = nulls.Max(n => n.PValue);
            details[$"{label} spearman"] = Mean(figures.Select(f => f.Spearman));
            details[$"{label} spearman value distance"] = Mean(models.Select(m => new SpearmanMetric().Measure(EmbeddingGeometry.Cosine(m.Embedding, reference.Keys), distance)));
            details[$"{label} pc1 |spearman|"] = Mean(figures.Select(f => f.Pc1));
            details[$"{label} unembedding spearman"] = Mean(figures.Select(f => f.Unembedding));
            details[$"{label} final loss"] = Mean(models.Select(m => m.Result.FinalLoss));
            details[$"{label} final accuracy"] = Mean(models.Select(m => m.Result.FinalAccuracy));
            artifacts.Add(KeyHeatmaps("c6", name, reference, models[0]));
            artifacts.Add(new MatrixArtifact($"c6-{name}-embedding", $"C6 {name}: trained embedding (seed {models[0].Seed}), one row per token",
                task.TokenNames, Enumerable.Range(0, models[0].Embedding.GetLength(1)).Select(i => $"e{i}").ToArray(), models[0].Embedding));
        }

        // The weakest configuration carries the headline; every configuration's null must be beaten.
        var worst = perConfiguration.MinBy(p => double.IsNaN(Mean(p.Fingerprint)) ? double.NegativeInfinity : Mean(p.Fingerprint));
        return new ClaimMeasurement
        {
            PerSeed = worst.Fingerprint,
            Null = worst.Nulls[0],
            SeedNulls = perConfiguration.SelectMany(p => p.Nulls).ToArray(),
            Baselines = new Dictionary<string, double>
            {
                [ClaimMeasurement.SignatureFigure] = Mean(worst.Fingerprint),
                // -|i - j| has a linear profile: nothing left after detrending.
                [Linear.BaselineAgreement.ValueDistance] = fingerprint.Measure(distance, reference.KeyCosine),
            },
            Details = details,
            Artifacts = artifacts,
            Finding = $"weakest configuration: {worst.Name}; mean fingerprint per configuration " +
                      string.Join(", ", perConfiguration.Select(p => $"{p.Name} {F(Mean(p.Fingerprint))} {Format(p.Fingerprint)}")) +
                      "; ReLU (empirical only) " + string.Join(", ", EmpiricalConfigurations.Select(c => $"{c.Name} {F(details[$"{c.Name} (empirical only) fingerprint"])}")),
        };
    }

    /// <summary>Observed and signature key cosines side by side for one model.</summary>
    internal static HeatmapPairArtifact KeyHeatmaps(string claim, string name, SignatureReference reference, TrainedModel model)
    {
        var labels = reference.Keys.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var observed = EmbeddingGeometry.Cosine(model.Embedding, reference.Keys).ToArray();
        return new HeatmapPairArtifact($"{claim}-{name}-key-cosine", $"{claim.ToUpperInvariant()} {name}: key cosine, trained (seed {model.Seed}) | label signature",
            new MatrixArtifact($"{claim}-{name}-key-cosine-observed", "observed key cosine", labels, labels, observed),
            new MatrixArtifact($"{claim}-{name}-key-cosine-signature", "centred label-signature key cosine", labels, labels, reference.KeyCosine.ToArray()));
    }
}
