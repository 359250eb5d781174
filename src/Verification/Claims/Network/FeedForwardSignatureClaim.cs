using ProbSig.Empirics.Experiments;
using ProbSig.Empirics.Models;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Metrics;
using ProbSig.Theory.Tasks;
using ProbSig.Verification.Experiments;
using static ProbSig.Verification.Claims.ClaimFigures;

namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// C6: the C2 to C5 figures for feed-forward networks (tanh and GELU, embedding MLP and
/// hidden-layer MLP) trained to fit the default task from a small initialisation. The
/// headline is the weakest configuration's mean Spearman against the label signature, so
/// the claim holds only if every configuration follows the signature.
/// </summary>
internal sealed class FeedForwardSignatureClaim : IClaim
{
    /// <summary>The four configurations, in report order, with short names.</summary>
    public static readonly IReadOnlyList<(string Name, ModelKind Kind, Activation Activation)> Configurations =
    [
        ("tanh-emb", ModelKind.EmbeddingMlp, Activation.Tanh),
        ("gelu-emb", ModelKind.EmbeddingMlp, Activation.Gelu),
        ("tanh-hid", ModelKind.HiddenLayerMlp, Activation.Tanh),
        ("gelu-hid", ModelKind.HiddenLayerMlp, Activation.Gelu),
    ];

    public ClaimDefinition Definition { get; } = new(
        "C6",
        "feed-forward networks follow label signatures",
        "Embedding MLPs and hidden-layer MLPs with tanh or GELU, trained from a small initialisation to fit the default " +
        "task, grow key embeddings whose cosines rank like the label-signature cosines, far above the permutation null, " +
        "with the keys ordered along PC1, the signature's distance-profile bumps, and output vectors that follow the output-side signature.",
        new ExperimentPlan(
            Configurations.Select(c => (IExperiment)new TaskTraining(new CompositeAdditionConfig(), NetworkKit.Spec(c.Kind, c.Activation), NetworkKit.FitTraining, 0)).ToArray(),
            "no biases; 4 configurations x 5 seeds"),
        "min over the 4 configurations of the mean over seeds of Spearman(observed key cosine, centred label-signature key cosine); " +
        "per-configuration Spearman, null p, |Spearman(PC1, key)|, fingerprint, unembedding Spearman (vs centred output-side " +
        "signature cosine), loss and accuracy in the details",
        new Tolerance(Bound.AtLeast, 0.72,
            "measured (seeds 1-5): weakest configuration gelu-hid 0.810 [0.813, 0.794, 0.799, 0.841, 0.804]; the others " +
            "tanh-emb 0.878, gelu-emb 0.867, tanh-hid 0.836 (seed spread under 0.03); every null p = 1/201 with null mean about 0. " +
            "Limit 0.72: 0.09 below the mean of the weakest configuration and 0.07 below its lowest seed, room for float32 and " +
            "libtorch differences; a configuration that stopped following the signature (null level 0) falls far below it"),
        NetworkKit.Seeds);

    public ClaimResult Run(ClaimContext context)
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
            var models = Definition.Seeds.Select(seed => NetworkKit.Train(context, task.Config, spec, NetworkKit.FitTraining, seed)).ToArray();
            var figures = models.Select(m => SignatureFigures.Measure(reference, m)).ToArray();
            var nullTest = SignatureFigures.Null(reference, models[0], Definition.Seeds[0]);
            var spearman = figures.Select(f => f.Spearman).ToArray();
            perConfiguration.Add((name, spearman));
            details[$"{name} spearman"] = Mean(spearman);
            details[$"{name} spearman min seed"] = spearman.Min();
            details[$"{name} null p (seed {Definition.Seeds[0]})"] = nullTest.PValue;
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
        return new ClaimResult
        {
            Claim = Definition,
            Measured = measured,
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
