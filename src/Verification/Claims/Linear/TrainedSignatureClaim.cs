using ProbSig.Theory.Metrics;
using ProbSig.Theory.Signatures;
using ProbSig.Verification.Experiments;
using static ProbSig.Verification.Claims.ClaimFigures;

namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C2: after training well past the linear regime, the key embeddings' cosines still rank
/// like the keys' label-signature cosines (THEORY 6).
/// </summary>
public sealed class TrainedSignatureClaim : IClaim
{
    /// <summary>Strong pairs: the top 5% of the 780 key pairs (39 pairs, about one per key),
    /// the "strongly similar" end the paper's claim is about; the MetricSet default.</summary>
    public const double StrongPairFraction = 0.05;

    /// <summary>Permutations of the null: p can reach 1/200 = 0.005.</summary>
    public const int Permutations = 199;

    /// <inheritdoc/>
    public ClaimDefinition Definition { get; } = new(
        "C2",
        "trained linear model follows label signatures",
        "After 3000 full-batch steps at eta = 2 the key embedding cosines of the linear model rank like the keys' centred label-signature cosines "
        + "(Spearman well above the permutation null), and the strongest signature pairs are among the strongest embedding pairs.",
        new ExperimentPlan([DefaultLinearSetting.Instance.TrainedExperiment(0)]),
        "Spearman(observed key cosine, centred label-signature cosine cos(l_i - u, l_j - u)) over the 780 key pairs; mean over seeds",
        new Tolerance(Bound.AtLeast, Limit,
            "Measured over seeds 0-4: 0.7685, 0.7687, 0.7690, 0.7694, 0.7680 (mean 0.769, sd 0.0005; THEORY 6 reference 0.75); permutation null mean 0.00, sd 0.03, "
            + "p = 0.005 (the floor of 199 permutations) for every seed. Limit = lowest seed - 0.05, rounded down, = 0.71: full-batch training from a tiny "
            + "initialisation forgets the draw, so seeds barely differ; the margin is for rounding, not seed noise: a second identical run gave 0.7685, 0.7687, 0.7686, 0.7681, 0.7680 "
            + "(3000 steps at eta = 2 amplify the non-bit-reproducible float64 GEMM rounding into the fourth decimal)."),
        DefaultLinearSetting.Seeds);

    /// <summary>Lowest seed (0.768) minus a 0.05 margin, rounded down.</summary>
    private const double Limit = 0.71;

    /// <inheritdoc/>
    public ClaimResult Run(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, Definition.Seeds);
        var predicted = SignatureSimilarity.Centred(s.Signatures, s.Keys);
        var uncentred = SignatureSimilarity.Uncentred(s.Signatures, s.Keys);
        var spearman = new SpearmanMetric();
        var precision = new StrongPairPrecisionMetric(StrongPairFraction);

        var spearmanNull = new List<PermutationResult>();
        var precisionNull = new List<PermutationResult>();
        var uncentredSpearman = new List<double>();
        foreach (var (run, i) in runs.Select((r, i) => (r, i)))
        {
            var observed = DefaultLinearSetting.EmbeddingCosine(run, s.Keys);
            spearmanNull.Add(PermutationNull.Test(spearman, observed, predicted, Permutations, 1000 + Definition.Seeds[i]));
            precisionNull.Add(PermutationNull.Test(precision, observed, predicted, Permutations, 2000 + Definition.Seeds[i]));
            uncentredSpearman.Add(spearman.Measure(observed, uncentred));
        }
        var perSeed = spearmanNull.Select(r => r.Observed).ToArray();
        var precisions = precisionNull.Select(r => r.Observed).ToArray();

        var details = new Dictionary<string, double>
        {
            ["spearman_p_value_seed0"] = spearmanNull[0].PValue,
            ["spearman_p_value_max_over_seeds"] = spearmanNull.Max(r => r.PValue),
            ["spearman_null_mean"] = Mean(spearmanNull.Select(r => r.NullMean)),
            ["strong_pair_precision_q0.05_mean"] = Mean(precisions),
            ["strong_pair_precision_min_over_seeds"] = precisions.Min(),
            ["strong_pair_precision_p_value_seed0"] = precisionNull[0].PValue,
            ["strong_pair_precision_p_value_max_over_seeds"] = precisionNull.Max(r => r.PValue),
            ["strong_pair_precision_null_mean"] = Mean(precisionNull.Select(r => r.NullMean)),
            ["spearman_uncentred_signature_mean"] = Mean(uncentredSpearman),
            ["final_loss_mean"] = Mean(runs.Select(r => r.Result.FinalLoss)),
            ["final_accuracy_mean"] = Mean(runs.Select(r => r.Result.FinalAccuracy)),
            ["final_r_cos_mean"] = Mean(runs.Select(r => r.Result.Curves[DefaultLinearSetting.RcosCurve][^1])),
            ["peak_r_cos_mean"] = Mean(runs.Select(r => r.Result.Curves[DefaultLinearSetting.RcosCurve].Where(double.IsFinite).Max())),
        };
        for (int i = 0; i < runs.Length; i++)
            details[$"strong_pair_precision_seed{Definition.Seeds[i]}"] = precisions[i];

        var first = runs[0];
        var steps = first.Result.LoggedSteps.Select(k => (double)k).ToArray();
        var rcos = runs.Select((r, i) => new Series($"seed {Definition.Seeds[i]}", steps, r.Result.Curves[DefaultLinearSetting.RcosCurve].ToArray())).ToList();
        var curve = AgreementCurve.Compute(DefaultLinearSetting.EmbeddingCosine(first, s.Keys), predicted);
        var artifacts = new List<Artifact>
        {
            Pair("c2_cosine_trained", $"C2: trained embedding cosine vs centred label-signature cosine, keys and anchors (seed {Definition.Seeds[0]})",
                s.TokenNames, DefaultLinearSetting.EmbeddingCosine(first, s.Tokens), s.Agreement.Predicted),
            new PlotArtifact("c2_r_cos", "C2: R_cos (Pearson, centred signature, keys and anchors) along training", "step", "R_cos", rcos),
            new PlotArtifact("c2_agreement_curve", $"C2: mean observed key cosine per decile of signature cosine (seed {Definition.Seeds[0]})",
                "signature cosine (bin mean)", "observed cosine (bin mean)", [new Series("keys", curve.MeanPredicted, curve.MeanObserved)]),
            Rows("c2_embedding_seed0", $"C2: trained embedding W_E^T, one row per token (seed {Definition.Seeds[0]})", s.Task.TokenNames, first.Embedding),
            new PlotArtifact("c2_loss", "C2: population loss along training", "step", "loss",
                runs.Select((r, i) => new Series($"seed {Definition.Seeds[i]}", steps, r.Result.Loss.ToArray())).ToList()),
        };

        double measured = Mean(perSeed);
        return new ClaimResult
        {
            Claim = Definition,
            Measured = measured,
            PerSeed = perSeed,
            Null = spearmanNull[0],
            Details = details,
            Artifacts = artifacts,
            Finding = $"Spearman {F(measured)} (null mean {F(spearmanNull[0].NullMean)}, p = {spearmanNull[0].PValue:G3}); strong-pair precision@{StrongPairFraction} "
                + $"{F(Mean(precisions))} (null {F(precisionNull[0].NullMean)}, p = {precisionNull[0].PValue:G3}); loss {F(details["final_loss_mean"])}.",
        };
    }
}
