namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C7a: an intervention on the data alone. Keys K1 and K2 = K1 + Delta get identical
/// label signatures through a key-dependent anchor distribution: K1 only sees anchor
/// tuples whose sum S has a partner sum S - Delta, K2 only the partner tuples, each sum
/// with the same probability, so k + S has one distribution for both keys. Their trained
/// embeddings should end nearly parallel, while the other key pairs at distance Delta
/// (uniform anchors, shifted label distributions) do not.
/// </summary>
internal static class IdenticalSignatureClaim
{
    /// <summary>The first key of the target pair.</summary>
    public const int Key1 = 36;

    /// <summary>Key distance of the target pair (and of the control pairs). 4 is the distance
    /// with the most matched sums on the default anchors: {10, 6, 3, -3} against {6, 2, -1, -7}.</summary>
    public const int Delta = 4;

    /// <summary>The intervention task: only keys K1 and K2 change their anchor distribution.</summary>
    public static CompositeAdditionConfig Config()
    {
        var baseline = new CompositeAdditionConfig();
        var values = baseline.AnchorValues;
        int m = values.Count;
        var tuples = Enumerable.Range(0, m * m).Select(t => new[] { t / m, t % m }).ToArray();
        var sums = tuples.Select(t => values[t[0]] + values[t[1]]).ToArray();
        var achievable = sums.ToHashSet();
        var matched = achievable.Where(s => achievable.Contains(s - Delta)).ToHashSet();
        int Count(int sum) => sums.Count(s => s == sum);
        return baseline with
        {
            AnchorWeight = (key, anchors) =>
            {
                int sum = values[anchors[0]] + values[anchors[1]];
                if (key == Key1) return matched.Contains(sum) ? 1.0 / Count(sum) : 0.0;
                if (key == Key1 + Delta) return matched.Contains(sum + Delta) ? 1.0 / Count(sum) : 0.0;
                return 1.0;
            },
        };
    }

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (task, features) = NetworkKit.Task(Config());
        var signatures = SignatureSet.Compute(task.Population, features);
        int k1 = Key1, k2 = Key1 + Delta;
        double signatureCosine = SignatureSimilarity.Centred(signatures, [k1, k2])[0, 1];
        if (!(signatureCosine > 1 - 1e-9))
            throw new InvalidOperationException($"the intervention should give keys {k1} and {k2} identical label signatures; their centred cosine is {signatureCosine}");

        var controls = task.KeyTokens.Where(k => task.KeyTokens.Contains(k + Delta) && k != k1 && k != k2 && k + Delta != k1 && k + Delta != k2)
            .Select(k => (k, k + Delta)).ToArray();
        var controlSignature = controls.Select(p => SignatureSimilarity.Centred(signatures, [p.Item1, p.Item2])[0, 1]).ToArray();

        var spec = NetworkKit.Spec(ModelKind.Linear);
        var target = new List<double>();
        var controlMean = new List<double>();
        var controlMax = new List<double>();
        var perSeed = new List<double>();
        TrainedModel? first = null;
        foreach (var seed in claim.Seeds)
        {
            var model = NetworkKit.Train(context, task.Config, spec, NetworkKit.FitTraining, seed);
            first ??= model;
            var cos = EmbeddingGeometry.Cosine(model.Embedding);
            double t = cos[k1, k2];
            var c = controls.Select(p => cos[p.Item1, p.Item2]).ToArray();
            target.Add(t);
            controlMean.Add(c.Average());
            controlMax.Add(c.Max());
            perSeed.Add(t - c.Average());
        }

        var firstCos = EmbeddingGeometry.Cosine(first!.Embedding, task.KeyTokens);
        double firstTarget = firstCos[k1 - task.KeyTokens[0], k2 - task.KeyTokens[0]];
        var (allPairs, _) = SimilarityMatrices.OffDiagonalPairs(firstCos, firstCos);
        double higherFraction = allPairs.Count(c => c > firstTarget) / (double)allPairs.Length;
        var keyLabels = task.KeyTokens.Select(k => task.TokenNames[k]).ToArray();
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Details = new Dictionary<string, double>
            {
                ["signature cosine of the pair (centred)"] = signatureCosine,
                ["signature cosine of the controls (mean)"] = controlSignature.Average(),
                ["control pairs"] = controls.Length,
                ["target cosine (mean)"] = Mean(target),
                ["target cosine (min seed)"] = target.Min(),
                ["control cosine (mean)"] = Mean(controlMean),
                ["control cosine (max over pairs and seeds)"] = controlMax.Max(),
                ["fraction of key pairs more aligned than the target (seed 1)"] = higherFraction,
                ["final loss"] = first!.Result.FinalLoss,
                ["final accuracy"] = first.Result.FinalAccuracy,
            },
            Artifacts =
            [
                new HeatmapPairArtifact("c7a-key-cosine", $"C7a: key cosine, trained (seed {first.Seed}) | label signature, keys {k1} and {k2} identical",
                    new MatrixArtifact("c7a-key-cosine-observed", "observed key cosine", keyLabels, keyLabels, EmbeddingGeometry.Cosine(first.Embedding, task.KeyTokens).ToArray()),
                    new MatrixArtifact("c7a-key-cosine-signature", "centred label-signature key cosine", keyLabels, keyLabels, SignatureSimilarity.Centred(signatures, task.KeyTokens).ToArray())),
                new MatrixArtifact("c7a-embedding", $"C7a: trained embedding (seed {first.Seed})", task.TokenNames,
                    Enumerable.Range(0, first.Embedding.GetLength(1)).Select(i => $"e{i}").ToArray(), first.Embedding),
            ],
            Finding = $"target pair cosine per seed {Format(target)} against control mean {Format(controlMean)} " +
                      $"(control signature cosine {F(controlSignature.Average())})",
        };
    }
}
