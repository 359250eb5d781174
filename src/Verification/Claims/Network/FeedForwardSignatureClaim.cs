namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C6: the C2 to C5 figures for feed-forward networks (tanh and GELU, embedding MLP and
/// hidden-layer MLP) trained to fit the default task from a small initialisation. The
/// headline is the weakest configuration's mean Spearman against the label signature, so
/// the claim holds only if every configuration follows the signature.
/// </summary>
internal static class FeedForwardSignatureClaim
{
    /// <summary>The four configurations, in report order, with short names.</summary>
    public static readonly IReadOnlyList<(string Name, ModelKind Kind, Activation Activation)> Configurations =
    [
        ("tanh-emb", ModelKind.EmbeddingMlp, Activation.Tanh),
        ("gelu-emb", ModelKind.EmbeddingMlp, Activation.Gelu),
        ("tanh-hid", ModelKind.HiddenLayerMlp, Activation.Tanh),
        ("gelu-hid", ModelKind.HiddenLayerMlp, Activation.Gelu),
    ];

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (task, _) = NetworkKit.Task(new CompositeAdditionConfig());
        var reference = new SignatureReference(task);
        var details = new Dictionary<string, double>();
        var artifacts = new List<Artifact>();
        var perConfiguration = new List<(string Name, double[] Spearman)>();
        PermutationResult? headlineNull = null;
        string worst = "";
        double measured = double.PositiveInfinity;

        foreach (var (name, kind, activation) in Configurations)
        {
            var spec = NetworkKit.Spec(kind, activation);
            var models = claim.Seeds.Select(seed => NetworkKit.Train(context, task.Config, spec, NetworkKit.FitTraining, seed)).ToArray();
            var figures = models.Select(m => SignatureFigures.Measure(reference, m)).ToArray();
            var nullTest = SignatureFigures.Null(reference, models[0], claim.Seeds[0]);
            var spearman = figures.Select(f => f.Spearman).ToArray();
            perConfiguration.Add((name, spearman));
            details[$"{name} spearman"] = Mean(spearman);
            details[$"{name} spearman min seed"] = spearman.Min();
            details[$"{name} null p (seed {claim.Seeds[0]})"] = nullTest.PValue;
            details[$"{name} null mean"] = nullTest.NullMean;
            details[$"{name} pc1 |spearman|"] = Mean(figures.Select(f => f.Pc1));
            details[$"{name} fingerprint"] = Mean(figures.Select(f => f.Fingerprint));
            details[$"{name} unembedding spearman"] = Mean(figures.Select(f => f.Unembedding));
            details[$"{name} final loss"] = Mean(models.Select(m => m.Result.FinalLoss));
            details[$"{name} final accuracy"] = Mean(models.Select(m => m.Result.FinalAccuracy));
            double mean = Mean(spearman);
            if (mean < measured || double.IsNaN(mean))
            {
                measured = mean;
                worst = name;
                headlineNull = nullTest;
            }
            artifacts.Add(KeyHeatmaps("c6", name, reference, models[0]));
            artifacts.Add(new MatrixArtifact($"c6-{name}-embedding", $"C6 {name}: trained embedding (seed {models[0].Seed}), one row per token",
                task.TokenNames, Enumerable.Range(0, models[0].Embedding.GetLength(1)).Select(i => $"e{i}").ToArray(), models[0].Embedding));
        }

        var worstSeeds = perConfiguration.Single(p => p.Name == worst).Spearman;
        return new ClaimMeasurement
        {
            PerSeed = worstSeeds,
            Null = headlineNull,
            Details = details,
            Artifacts = artifacts,
            Finding = $"weakest configuration: {worst}; mean Spearman per configuration " +
                      string.Join(", ", perConfiguration.Select(p => $"{p.Name} {F(Mean(p.Spearman))} {Format(p.Spearman)}")),
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
