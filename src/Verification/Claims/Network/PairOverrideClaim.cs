using MathNet.Numerics;

namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C8b: expressivity. With a pair override (THEORY 5: the ordered anchor pair (A4, A3)
/// gives k - 6 instead of k - 10) no bag-of-tokens linear model can fit the task, while
/// an embedding MLP can. The claim compares how each model's late agreement with the
/// label signature changes when the override is added (drop = Spearman on the default
/// task minus Spearman on the override task, each against its own task's signature),
/// and first establishes its premise: that the MLP learned the exception (accuracy on the
/// 40 overridden combinations, <see cref="PremiseAccuracy"/>).
/// </summary>
internal static class PairOverrideClaim
{
    /// <summary>The override: anchor indices (3, 2) = (A4, A3), label k - 6.</summary>
    public static readonly PairOverride Override = new([3, 2], -6);

    /// <summary>The premise: the MLP gives the override label on at least this fraction of
    /// the overridden combinations (mean over seeds); below it the MLP has not learned the
    /// exception, and a difference in drops says nothing about expressivity.</summary>
    public const double PremiseAccuracy = 0.9;

    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var (plain, _) = NetworkKit.Task(new CompositeAdditionConfig());
        var (overridden, _) = NetworkKit.Task(new CompositeAdditionConfig { Overrides = [Override] });
        var refPlain = new SignatureReference(plain);
        var refOverride = new SignatureReference(overridden);
        var models = new (string Name, ModelSpec Spec)[]
        {
            ("linear", NetworkKit.Spec(ModelKind.Linear)),
            ("gelu-emb", NetworkKit.Spec(ModelKind.EmbeddingMlp, Activation.Gelu)),
        };

        var details = new Dictionary<string, double>
        {
            ["signature spearman default vs override task"] = new Theory.Metrics.SpearmanMetric().Measure(refPlain.KeyCosine, refOverride.KeyCosine),
        };
        var drops = new Dictionary<string, double[]>();
        foreach (var (name, spec) in models)
        {
            var before = new double[claim.Seeds.Count];
            var after = new double[claim.Seeds.Count];
            var exception = new double[claim.Seeds.Count];
            var loss = new double[claim.Seeds.Count];
            for (int s = 0; s < claim.Seeds.Count; s++)
            {
                var m0 = NetworkKit.Train(context, plain.Config, spec, NetworkKit.FitTraining, claim.Seeds[s]);
                var m1 = NetworkKit.Train(context, overridden.Config, spec, NetworkKit.FitTraining, claim.Seeds[s]);
                before[s] = SignatureFigures.Measure(refPlain, m0).Spearman;
                after[s] = SignatureFigures.Measure(refOverride, m1).Spearman;
                exception[s] = OverrideAccuracy(overridden, m1);
                loss[s] = m1.Result.FinalLoss;
            }
            drops[name] = before.Zip(after, (b, a) => b - a).ToArray();
            details[$"{name} spearman default task"] = Mean(before);
            details[$"{name} spearman override task"] = Mean(after);
            details[$"{name} drop"] = Mean(drops[name]);
            details[$"{name} accuracy on overridden combinations"] = Mean(exception);
            details[$"{name} final loss, override task"] = Mean(loss);
        }

        var perSeed = drops["linear"].Zip(drops["gelu-emb"], (l, f) => l - f).ToArray();
        double learned = details["gelu-emb accuracy on overridden combinations"];
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Premise = new Premise(
                FormattableString.Invariant($"the GELU embedding MLP gives the override label on at least {PremiseAccuracy:P0} of the {plain.KeyTokens.Count} overridden combinations"),
                learned >= PremiseAccuracy, FormattableString.Invariant($"{learned:P1}")),
            Details = details,
            Finding = $"drop per seed: linear {Format(drops["linear"])}, GELU embedding MLP {Format(drops["gelu-emb"])}; " +
                      $"overridden combinations learned: linear {F(details["linear accuracy on overridden combinations"])}, " +
                      $"MLP {F(details["gelu-emb accuracy on overridden combinations"])}",
        };
    }

    /// <summary>
    /// Fraction of the overridden combinations (every key with the override's anchors)
    /// whose argmax logit is the override's label, computed from the trained matrices:
    /// z = W_U h (linear) or W_U GELU(h) (embedding MLP), h = sum of the sequence's embedding rows.
    /// </summary>
    private static double OverrideAccuracy(CompositeAdditionTask task, TrainedModel model)
    {
        int d = model.Embedding.GetLength(1), classes = model.Unembedding.GetLength(0);
        var anchors = Override.AnchorIndices.Select(task.AnchorToken).ToArray();
        int correct = 0;
        foreach (var key in task.KeyTokens)
        {
            var h = new double[d];
            foreach (var token in anchors.Prepend(key))
                for (int j = 0; j < d; j++) h[j] += model.Embedding[token, j];
            if (model.Spec.Kind == ModelKind.EmbeddingMlp)
                for (int j = 0; j < d; j++) h[j] = Gelu(h[j]);
            int best = 0;
            double bestLogit = double.NegativeInfinity;
            for (int y = 0; y < classes; y++)
            {
                double z = 0;
                for (int j = 0; j < d; j++) z += model.Unembedding[y, j] * h[j];
                if (z > bestLogit) { bestLogit = z; best = y; }
            }
            if (best == task.LabelOf(key, Override.AnchorIndices)) correct++;
        }
        return (double)correct / task.KeyTokens.Count;
    }

    /// <summary>Exact GELU, x Phi(x), as the model computes it.</summary>
    private static double Gelu(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));
}
